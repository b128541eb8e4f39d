"""Money and quantity parsing and rounding: Decimal only, half-up to the penny."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def round_money(value):
    """Round to 2 dp, halves away from zero, as a VAT invoice is printed."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_decimal(text, *, places=2, label="Amount", minimum=None, maximum=None):
    """Parse user text as a Decimal or raise ValueError with a message for the form."""
    cleaned = str(text if text is not None else "").strip().replace(",", "")
    cleaned = cleaned.removeprefix("£").strip()
    if not cleaned:
        raise ValueError(f"{label} is required.")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{label} must be a number, like 12.50.") from None
    if not value.is_finite():
        raise ValueError(f"{label} must be a number, like 12.50.")
    if value.adjusted() >= 12:  # a trillion: beyond any invoice, and beyond the columns
        raise ValueError(f"{label} is too large.")
    if value.as_tuple().exponent < -places:
        raise ValueError(f"{label} can have at most {places} decimal places.")
    if minimum is not None and value < minimum:
        raise ValueError(f"{label} must be at least {minimum}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{label} must be at most {maximum}.")
    return value


def format_money(value, currency="GBP"):
    """Show an amount the way the office reads it: £1,234.50."""
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency, currency + " ")
    value = round_money(value or 0)
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.2f}"
