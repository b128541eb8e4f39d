"""Request bodies as JSON that both packages read: Decimals as plain numbers."""

import json
from decimal import Decimal


def dumps(body):
    """JSON with Decimals as plain numbers.

    Amounts have at most 4 places and 15 digits, so float's shortest repr writes
    back the same digits the Decimal held.
    """
    return json.dumps(_convert(body), separators=(",", ":"))


def _convert(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_convert(v) for v in value]
    return value
