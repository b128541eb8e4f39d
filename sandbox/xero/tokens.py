"""Issuing and checking Xero OAuth tokens, stored only as digests."""

import base64
import hashlib
import hmac
import json
import secrets
from datetime import UTC, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from sandbox.storage import sandbox_db
from sandbox.xero.models import XeroToken
from sandbox.xero.wire import now

ACCESS_SECONDS = 1800
REFRESH_UNUSED_DAYS = 60
GRACE_SECONDS = 1800
CODE_SECONDS = 300
SANDBOX_USER_ID = "3c5b0e0d-6d2a-4b7e-9d8a-0a1b2c3d4e5f"
KNOWN_SCOPES = {
    "openid", "profile", "email", "offline_access",
    "accounting.transactions", "accounting.transactions.read",
    "accounting.invoices", "accounting.invoices.read",
    "accounting.payments", "accounting.payments.read",
    "accounting.contacts", "accounting.contacts.read",
    "accounting.settings", "accounting.settings.read",
    "accounting.attachments", "accounting.attachments.read",
    "accounting.reports.read", "accounting.journals.read",
    "accounting.budgets.read",
}  # fmt: skip


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def client_secret_ok(client_id, secret):
    config = current_app.config
    return hmac.compare_digest(
        f"{client_id}:{secret}",
        f"{config['XERO_CLIENT_ID']}:{config['XERO_CLIENT_SECRET']}",
    )


def known_client(client_id):
    return client_id == current_app.config["XERO_CLIENT_ID"]


def redirect_uri_allowed(uri):
    """Loopback URIs on any port, or one registered in REDIRECT_URIS."""
    if not uri:
        return False
    if uri in current_app.config.get("REDIRECT_URIS", []):
        return True
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jwt(claims):
    """A JWT-shaped token (HS256 over the sandbox secret), as Xero's are JWTs."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64(json.dumps(claims).encode())
    key = current_app.config["SECRET_KEY"].encode()
    signature = hmac.new(key, f"{header}.{payload}".encode(), "sha256").digest()
    return f"{header}.{payload}.{_b64(signature)}"


def issue(client_id, auth_event_id, scope):
    """A token response: access token, and refresh/id tokens when scoped."""
    issued = now()
    scopes = scope.split()
    access = _jwt(
        {
            "nbf": int(issued.timestamp()),
            "exp": int(issued.timestamp()) + ACCESS_SECONDS,
            "iss": "https://identity.xero.com",
            "client_id": client_id,
            "sub": SANDBOX_USER_ID,
            "xero_userid": SANDBOX_USER_ID,
            "authentication_event_id": auth_event_id,
            "jti": secrets.token_hex(16),
            "scope": scopes,
        }
    )
    rows = [_row(access, "access", client_id, auth_event_id, scope, issued)]
    body = {
        "access_token": access,
        "expires_in": ACCESS_SECONDS,
        "token_type": "Bearer",
        "scope": scope,
    }
    if "offline_access" in scopes:
        refresh = secrets.token_hex(32)
        rows.append(_row(refresh, "refresh", client_id, auth_event_id, scope, issued))
        body["refresh_token"] = refresh
    if "openid" in scopes:
        body["id_token"] = _jwt(
            {
                "exp": int(issued.timestamp()) + 300,
                "aud": client_id,
                "sub": SANDBOX_USER_ID,
                "xero_userid": SANDBOX_USER_ID,
                "email": "sandbox.user@example.com",
                "given_name": "Sandbox",
                "family_name": "User",
            }
        )
    sandbox_db.session.add_all(rows)
    return body


def _row(token, kind, client_id, auth_event_id, scope, issued):
    lifetime = (
        timedelta(seconds=ACCESS_SECONDS)
        if kind == "access"
        else timedelta(days=REFRESH_UNUSED_DAYS)
    )
    return XeroToken(
        digest=digest(token),
        kind=kind,
        client_id=client_id,
        auth_event_id=auth_event_id,
        scope=scope,
        issued_at=issued,
        expires_at=issued + lifetime,
    )


def find(token, kind):
    if not token:
        return None
    row = sandbox_db.session.get(XeroToken, digest(token))
    return row if row is not None and row.kind == kind else None


def refresh_usable(row, client_id):
    """A refresh token works until 60 days unused, or 30 minutes after rotation."""
    moment = now()
    if row is None or row.revoked or row.client_id != client_id:
        return False
    if aware(row.expires_at) <= moment:
        return False
    if row.rotated_at is not None:
        return moment <= aware(row.rotated_at) + timedelta(seconds=GRACE_SECONDS)
    return True


def aware(moment):
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def revoke_event(auth_event_id):
    sandbox_db.session.execute(
        sa.update(XeroToken)
        .where(XeroToken.auth_event_id == auth_event_id)
        .values(revoked=True)
    )


def access_state(token):
    """(row, problem): problem is None, 'unknown' or 'expired'."""
    row = find(token, "access")
    if row is None or row.revoked:
        return row, "unknown"
    if aware(row.expires_at) <= now():
        return row, "expired"
    return row, None
