"""Money as the sandbox page shows it."""

from decimal import Decimal


def pounds(value):
    return f"£{Decimal(value):,.2f}"
