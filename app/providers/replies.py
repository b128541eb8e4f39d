"""The sign-in replies a package sends (tokens, Xero's /connections, QuickBooks'
CompanyInfo and realmId), checked before any of it is stored or used."""

import re

from app.providers.clean import text

# RFC 6749 tokens are visible ASCII; real ones run to a few kilobytes (JWTs).
TOKEN = re.compile(r"[\x21-\x7e]{1,8192}")
# No provider grants anything for longer; a bigger number is a broken reply.
LONGEST = 10 * 366 * 86400
XERO_ID = re.compile(r"[0-9A-Za-z-]{1,64}")  # GUIDs, as Xero issues them
REALM_ID = re.compile(r"[0-9]{1,32}")  # Intuit's company ids are digits
NAME_SIZE = 200  # AccountsConnection.organisation_name


class JunkReply(ValueError):
    """A 200 reply that is not shaped as the provider documents it."""


def checked_token(token):
    """The token reply with just the fields we keep, each checked."""
    if not isinstance(token, dict):
        raise JunkReply("the token reply is not an object")
    checked = {"access_token": _token(token, "access_token", required=True)}
    refresh = _token(token, "refresh_token")
    if refresh is not None:
        checked["refresh_token"] = refresh
    for name in ("expires_in", "x_refresh_token_expires_in"):
        seconds = _seconds(token.get(name), name)
        if seconds is not None:
            checked[name] = seconds
    scope = token.get("scope")
    if isinstance(scope, list) and all(isinstance(s, str) for s in scope):
        scope = " ".join(scope)
    if scope is not None and not isinstance(scope, str):
        raise JunkReply("the token's scope is not text")
    if scope:
        checked["scope"] = text(scope)
    return checked


def _token(token, name, required=False):
    value = token.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not TOKEN.fullmatch(value):
        raise JunkReply(f"the reply's {name} is missing or not a token")
    return value


def _seconds(value, name):
    if value is None:
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise JunkReply(f"the reply's {name} is not a number of seconds")
    if not 0 < value <= LONGEST:
        raise JunkReply(f"the reply's {name} is out of range")
    return value


def xero_tenants(body):
    """[{id, tenant_id, name}] of the organisations in a /connections reply."""
    if not isinstance(body, list):
        raise JunkReply("Xero's list of organisations is not a list")
    tenants = []
    for entry in body:
        if not isinstance(entry, dict):
            raise JunkReply("an entry in Xero's list of organisations is not one")
        kind = entry.get("tenantType", "ORGANISATION")
        if kind != "ORGANISATION":
            continue  # practices and other kinds hold no accounts
        ids = [entry.get("id"), entry.get("tenantId")]
        name = entry.get("tenantName")
        if not all(isinstance(i, str) and XERO_ID.fullmatch(i) for i in ids):
            raise JunkReply("an organisation in Xero's list has no usable id")
        if not isinstance(name, str):
            raise JunkReply("an organisation in Xero's list has no name")
        name = " ".join(text(name).split())[:NAME_SIZE] or "(no name)"
        tenants.append({"id": ids[0], "tenant_id": ids[1], "name": name})
    return tenants


def company_name(body):
    """CompanyInfo's CompanyName, or None when the reply does not hold one."""
    info = body.get("CompanyInfo") if isinstance(body, dict) else None
    name = info.get("CompanyName") if isinstance(info, dict) else None
    if not isinstance(name, str):
        return None
    return " ".join(text(name).split())[:NAME_SIZE] or None


def realm_id(value):
    """The realmId QuickBooks sent back, or None when it is not one Intuit issues."""
    if isinstance(value, str) and REALM_ID.fullmatch(value):
        return value
    return None
