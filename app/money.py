"""Money and quantity parsing and rounding: Decimal only, half-up to the penny."""

import re
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_MONEY = Decimal("999999999999.99")  # the Numeric(14, 2) amount columns
# What an office types: a sign, a pound sign, digits with commas between each
# thousand (1,234.50) or none, one point. ASCII digits only: int() and Decimal()
# would take "１２", "٣" and "1_000", and "1,2,3" is nobody's number.
NUMBER = re.compile(
    r"(?P<sign>[-+]?)\s*£?\s*(?P<sign2>[-+]?)\s*"
    r"(?P<digits>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)"
)


WHOLE = re.compile(r"[0-9]+")


def whole_number(text, digits=18):
    """ASCII digits (at most `digits` of them) as an int, else None."""
    text = text if isinstance(text, str) else ""
    if not WHOLE.fullmatch(text) or len(text) > digits:
        return None
    return int(text)


def round_money(value):
    """Round to 2 dp, halves away from zero, as a VAT invoice is printed."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def read_number(text):
    """The Decimal an office wrote in `text`, or None when it is not one."""
    match = NUMBER.fullmatch(str(text if text is not None else "").strip())
    if match is None or (match["sign"] and match["sign2"]):
        return None
    sign = "-" if "-" in (match["sign"], match["sign2"]) else ""
    return Decimal(sign + match["digits"].replace(",", ""))


def parse_decimal(text, *, places=2, label="Amount", minimum=None, maximum=None):
    """Parse user text as a Decimal or raise ValueError with a message for the form."""
    if not str(text if text is not None else "").strip():
        raise ValueError(f"{label} is required.")
    value = read_number(text)
    if value is None:
        raise ValueError(f"{label} must be a number, like 12.50.")
    if value.adjusted() >= 12:  # a trillion: beyond any invoice, and beyond the columns
        raise ValueError(f"{label} is too large.")
    if value.as_tuple().exponent < -places:
        raise ValueError(f"{label} can have at most {places} decimal places.")
    if minimum is not None and value < minimum:
        raise ValueError(f"{label} must be at least {minimum:,}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{label} must be at most {maximum:,}.")
    return value


def format_money(value, currency="GBP"):
    """Show an amount the way the office reads it: £1,234.50."""
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency, currency + " ")
    value = round_money(value or 0)
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.2f}"
