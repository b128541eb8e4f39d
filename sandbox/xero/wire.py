"""Xero's wire format: JSON with exact decimals, MS dates, envelopes and errors."""

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from flask import Response, g, has_request_context

from sandbox.storage import sandbox_db, utcnow
from sandbox.xero.models import XeroSetting

PROVIDER_NAME = "LedgerBridge Sandbox"
NOT_FOUND_TEXT = "The resource you're looking for cannot be found"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TWO = Decimal("0.01")


def now():
    """The emulator's clock: real UTC plus the offset tests may advance."""
    offset = g.get("xero_clock_offset") if has_request_context() else None
    if offset is None:
        setting = sandbox_db.session.get(XeroSetting, "clock_offset")
        offset = float(setting.value) if setting else 0.0
        if has_request_context():
            g.xero_clock_offset = offset  # read once per request
    return utcnow() + timedelta(seconds=offset)


def today():
    return now().date()


def _default(value):
    if isinstance(value, Decimal):
        # A JSON number; the float's shortest repr keeps the decimal digits.
        return float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(data):
    return json.dumps(data, default=_default, separators=(",", ":"))


def loads(text):
    """Xero's parser refuses JSON nested thousands deep; ours would recurse out."""
    try:
        return json.loads(text, parse_float=Decimal)
    except RecursionError as error:
        raise ValueError("JSON nested too deeply") from error


def money(value):
    return Decimal(value).quantize(TWO)


def to_decimal(value):
    """A request number as Decimal, or None when it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def ms(moment):
    return int((moment - EPOCH).total_seconds() * 1000)


def ms_date(day):
    """An ISO date as Xero returns it: /Date(1552262400000+0000)/."""
    moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    return f"/Date({ms(moment)}+0000)/"


def ms_datetime(moment):
    return f"/Date({ms(moment)}+0000)/"


def date_fields(target, name, iso):
    """Set Date and DateString from an ISO date string (or drop them)."""
    if not iso:
        return
    day = date.fromisoformat(iso)
    target[name] = ms_date(day)
    target[f"{name}String"] = f"{iso}T00:00:00"


def parse_date(value):
    """A request date (YYYY-MM-DD, ISO datetime or /Date(ms)/) as ISO, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.startswith("/Date("):
        digits = text[6:].split(")")[0].split("+")[0]
        try:
            moment = EPOCH + timedelta(milliseconds=int(digits))
        except ValueError:
            return None
        return moment.date().isoformat()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def json_reply(data, status=200):
    return Response(dumps(data), status=status, mimetype="application/json")


def envelope(collection, items, status=200, **extra):
    """Xero's response envelope around one collection."""
    body = {
        "Id": g.get("sandbox_request_id") or str(uuid.uuid4()),
        "Status": "OK",
        "ProviderName": PROVIDER_NAME,
        "DateTimeUTC": f"/Date({ms(now())})/",
        **extra,
        collection: items,
    }
    return json_reply(body, status)


def validation_exception(elements):
    """The summarised 400: the failed elements with their messages."""
    return json_reply(
        {
            "ErrorNumber": 10,
            "Type": "ValidationException",
            "Message": "A validation exception occurred",
            "Elements": elements,
        },
        400,
    )


def bad_request(message):
    """A 400 that concerns the request rather than one element."""
    return json_reply(
        {
            "ErrorNumber": 10,
            "Type": "ValidationException",
            "Message": message,
            "Elements": [],
        },
        400,
    )


def problem(status, title, detail):
    """Xero's RFC 7807-style body for 401/403/5xx (keys in PascalCase)."""
    return json_reply(
        {
            "Type": None,
            "Title": title,
            "Status": status,
            "Detail": detail,
            "Instance": g.get("sandbox_request_id") or str(uuid.uuid4()),
            "Extensions": {},
        },
        status,
    )


def not_found():
    """Xero's 404 is plain text, not JSON."""
    return Response(NOT_FOUND_TEXT, status=404, mimetype="text/plain")
