"""Xero's identity service: authorize (sign-in and consent), token, revocation."""

import base64
import binascii
import hashlib
import secrets
import uuid
from datetime import timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Response, g, redirect, render_template, request

from sandbox.security import allow_form_redirect
from sandbox.storage import sandbox_db
from sandbox.xero import tokens
from sandbox.xero.blueprints import identity
from sandbox.xero.models import (
    XeroAuthCode,
    XeroConnection,
    XeroOrganisation,
    XeroToken,
)
from sandbox.xero.wire import json_reply, now

AUTH_FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
)


@identity.before_request
def mark_request():
    """Log identity calls (not the admin API) under the Xero provider."""
    if not request.path.startswith("/xero/_admin"):
        g.sandbox_provider = "xero"
        g.sandbox_request_id = str(uuid.uuid4())


def oauth_error(error, status=400, description=None):
    body = {"error": error}
    if description:
        body["error_description"] = description
    reply = json_reply(body, status)
    reply.headers["Cache-Control"] = "no-store"
    return reply


def _redirect_with(uri, **params):
    joiner = "&" if "?" in uri else "?"
    return redirect(uri + joiner + urlencode({k: v for k, v in params.items() if v}))


def _organisations():
    return sandbox_db.session.scalars(
        sa.select(XeroOrganisation).order_by(XeroOrganisation.position)
    ).all()


def _check_authorize(params):
    """An error page (client/redirect URI) or an error redirect, else None."""
    if not tokens.known_client(params.get("client_id")):
        return _error_page(
            "unauthorized_client", "Unknown client or client not enabled"
        )
    uri = params.get("redirect_uri")
    if not tokens.redirect_uri_allowed(uri):
        return _error_page("invalid_request", "Invalid redirect_uri")
    state = params.get("state")
    if params.get("response_type") != "code":
        return _redirect_with(uri, error="unsupported_response_type", state=state)
    scopes = (params.get("scope") or "").split()
    if not scopes or not set(scopes) <= tokens.KNOWN_SCOPES:
        return _redirect_with(uri, error="invalid_scope", state=state)
    method = params.get("code_challenge_method")
    if params.get("code_challenge") and method not in (None, "", "S256"):
        return _redirect_with(
            uri,
            error="invalid_request",
            error_description="code_challenge_method must be S256",
            state=state,
        )
    return None


def _error_page(error, description):
    html = render_template(
        "sandbox/xero_authorize.html", error=error, description=description
    )
    return Response(html, status=400)


@identity.route("/identity/connect/authorize", methods=["GET", "POST"])
def authorize():
    """Sign-in and consent: pick organisations, then redirect with a code."""
    params = {name: (request.values.get(name) or None) for name in AUTH_FIELDS}
    problem = _check_authorize(params)
    if problem is not None:
        return problem
    organisations = _organisations()
    if request.method == "GET":
        return _consent_page(params, organisations)
    if request.form.get("action") != "allow":
        return _redirect_with(
            params["redirect_uri"], error="access_denied", state=params["state"]
        )
    wanted = set(request.form.getlist("tenant"))
    chosen = [org for org in organisations if org.tenant_id in wanted]
    if not chosen:
        return _consent_page(
            params, organisations, message="Choose at least one organisation."
        )
    return _grant(params, chosen)


def _consent_page(params, organisations, message=None):
    allow_form_redirect(params["redirect_uri"])
    html = render_template(
        "sandbox/xero_authorize.html",
        params=params,
        scopes=(params["scope"] or "").split(),
        organisations=organisations,
        message=message,
    )
    return Response(html, status=400 if message else 200)


def _grant(params, chosen):
    """Connect the chosen organisations and hand the app a code."""
    moment = now()
    event = str(uuid.uuid4())
    for org in chosen:
        connection = sandbox_db.session.scalar(
            sa.select(XeroConnection).where(
                XeroConnection.client_id == params["client_id"],
                XeroConnection.tenant_id == org.tenant_id,
            )
        )
        if connection is None:
            connection = XeroConnection(
                id=str(uuid.uuid4()),
                client_id=params["client_id"],
                tenant_id=org.tenant_id,
                created_at=moment,
            )
            sandbox_db.session.add(connection)
        connection.auth_event_id = event
        connection.updated_at = moment
    code = secrets.token_urlsafe(32)
    sandbox_db.session.add(
        XeroAuthCode(
            code=code,
            client_id=params["client_id"],
            redirect_uri=params["redirect_uri"],
            scope=params["scope"],
            code_challenge=params["code_challenge"],
            code_challenge_method=params["code_challenge_method"] or "S256",
            auth_event_id=event,
            expires_at=moment + timedelta(seconds=tokens.CODE_SECONDS),
        )
    )
    sandbox_db.session.commit()
    return _redirect_with(
        params["redirect_uri"],
        code=code,
        scope=params["scope"],
        state=params["state"],
        session_state=secrets.token_hex(8),
    )


def _client():
    """(client_id, authenticated, error reply): Basic auth or form fields."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
            client_id, secret = decoded.split(":", 1)
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None, False, oauth_error("invalid_client")
    else:
        client_id = request.form.get("client_id")
        secret = request.form.get("client_secret")
    if not tokens.known_client(client_id):
        return None, False, oauth_error("invalid_client")
    if secret is None:
        return client_id, False, None
    if not tokens.client_secret_ok(client_id, secret):
        return None, False, oauth_error("invalid_client")
    return client_id, True, None


@identity.route("/connect/token", methods=["POST"])
def token():
    """The token endpoint: authorization_code and refresh_token grants."""
    client_id, authenticated, error = _client()
    if error is not None:
        return error
    grant_type = request.form.get("grant_type")
    if not grant_type:
        return oauth_error("invalid_request")
    if grant_type == "authorization_code":
        reply = _code_grant(client_id, authenticated)
    elif grant_type == "refresh_token":
        reply = _refresh_grant(client_id, authenticated)
    else:
        return oauth_error("unsupported_grant_type")
    sandbox_db.session.commit()
    return reply


def _code_grant(client_id, authenticated):
    code = request.form.get("code")
    if not code:
        return oauth_error("invalid_request")
    row = sandbox_db.session.get(XeroAuthCode, code)
    if row is None or row.client_id != client_id:
        return oauth_error("invalid_grant")
    if row.used_at is not None:
        # A replayed code may be stolen: revoke what it was exchanged for.
        tokens.revoke_event(row.auth_event_id)
        return oauth_error("invalid_grant")
    row.used_at = now()
    if tokens.aware(row.expires_at) <= now():
        return oauth_error("invalid_grant")
    if request.form.get("redirect_uri") != row.redirect_uri:
        return oauth_error("invalid_grant", description="Invalid redirect_uri")
    if row.code_challenge:
        verifier = request.form.get("code_verifier") or ""
        hashed = hashlib.sha256(verifier.encode()).digest()
        expected = base64.urlsafe_b64encode(hashed).rstrip(b"=").decode()
        if not 43 <= len(verifier) <= 128 or expected != row.code_challenge:
            return oauth_error("invalid_grant")
    elif not authenticated:
        return oauth_error("invalid_client")
    return _tokens_reply(client_id, row.auth_event_id, row.scope)


def _refresh_grant(client_id, authenticated):
    presented = request.form.get("refresh_token")
    if not presented:
        return oauth_error("invalid_request")
    row = tokens.find(presented, "refresh")
    if not tokens.refresh_usable(row, client_id):
        return oauth_error("invalid_grant")
    if not authenticated and not _was_pkce(row.auth_event_id):
        return oauth_error("invalid_client")
    if row.rotated_at is None:
        row.rotated_at = now()
    return _tokens_reply(client_id, row.auth_event_id, row.scope)


def _was_pkce(auth_event_id):
    return bool(
        sandbox_db.session.scalar(
            sa.select(XeroAuthCode.code_challenge).where(
                XeroAuthCode.auth_event_id == auth_event_id
            )
        )
    )


def _tokens_reply(client_id, auth_event_id, scope):
    reply = json_reply(tokens.issue(client_id, auth_event_id, scope))
    reply.headers["Cache-Control"] = "no-store"
    return reply


@identity.route("/connect/revocation", methods=["POST"])
def revocation():
    """Revoke a refresh token: its grant's tokens and the user's connections."""
    client_id, authenticated, error = _client()
    if error is not None:
        return error
    presented = request.form.get("token")
    if not presented:
        return oauth_error("invalid_request")
    row = tokens.find(presented, "refresh") or tokens.find(presented, "access")
    if row is not None and row.client_id == client_id:
        if not authenticated and not _was_pkce(row.auth_event_id):
            return oauth_error("invalid_client")
        sandbox_db.session.execute(
            sa.update(XeroToken)
            .where(XeroToken.client_id == client_id)
            .values(revoked=True)
        )
        sandbox_db.session.execute(
            sa.delete(XeroConnection).where(XeroConnection.client_id == client_id)
        )
        sandbox_db.session.commit()
    return Response("", status=200)
