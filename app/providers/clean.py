"""What a package sends, made storable and checked before any of it is used.

PostgreSQL text cannot hold NUL, and no database takes a lone UTF-16 surrogate
(JSON's "\\ud800" decodes to one); a package may send either in any name.
"""

import re

from app.providers.base import ProviderError

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _replace(found):
    return "" if found.group() == "\x00" else "\ufffd"


def text(value):
    """The string without NUL characters and with lone surrogates replaced."""
    return UNSTORABLE.sub(_replace, value)


def clean(value):
    """A decoded JSON value with every string in it (keys too) storable."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean(item) for item in value]
    return value


def json_object(response, provider):
    """The reply's JSON object, cleaned; ProviderError when it is anything else."""
    try:
        body = response.json()
    except ValueError as error:
        raise ProviderError(
            "unavailable", f"{provider} answered with something that is not JSON."
        ) from error
    if not isinstance(body, dict):
        raise ProviderError(
            "unavailable", f"{provider} answered with something we could not read."
        )
    return clean(body)


class Unreadable(ValueError):
    """One record is not shaped as the package documents it; says which field."""


def field(record, name, what, required=False):
    """record[name] as text (a number becomes its digits), or None when absent."""
    if not isinstance(record, dict):
        raise Unreadable("it is not a record")
    value = record.get(name)
    if value is None or value == "":
        if required:
            raise Unreadable(f"it has no {what}")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Unreadable(f"its {what} is not text")
    return str(value)


def part(record, name):
    """A nested object (say PrimaryEmailAddr), {} when absent."""
    value = record.get(name) if isinstance(record, dict) else None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Unreadable(f"its {name} is not an object")
    return value
