"""Intuit OAuth 2.0: authorize page, token and revoke endpoints, discovery document."""

import base64
import binascii
import secrets
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
)

from sandbox.quickbooks import store
from sandbox.quickbooks.models import QboAuthCode, QboCompany, QboToken
from sandbox.security import allow_form_redirect
from sandbox.storage import sandbox_db, utcnow

bp = Blueprint("quickbooks_oauth", __name__, url_prefix="/quickbooks")

ACCESS_SECONDS = 3600
REFRESH_SECONDS = 8726400  # about 101 days, rolling
CODE_SECONDS = 300
ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting"
SCOPES = [
    ACCOUNTING_SCOPE,
    "com.intuit.quickbooks.payment",
    "openid",
    "profile",
    "email",
    "phone",
    "address",
]


@bp.before_request
def mark_provider():
    g.sandbox_provider = "quickbooks"


def oauth_error(error, status=400, description=None):
    body = {"error": error}
    if description:
        body["error_description"] = description
    return jsonify(body), status


def redirect_allowed(uri):
    """Loopback URIs on any port are registered; others must be configured."""
    parts = urlsplit(uri or "")
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost"):
        return True
    return uri in current_app.config.get("REDIRECT_URIS", [])


def client_from_request():
    """The client id if Basic auth (or form credentials) match the registered app."""
    header = request.headers.get("Authorization", "")
    client_id = secret = None
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip()).decode()
            client_id, _, secret = decoded.partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
    else:
        client_id = request.form.get("client_id")
        secret = request.form.get("client_secret")
    config = current_app.config
    if client_id == config["QUICKBOOKS_CLIENT_ID"] and secrets.compare_digest(
        secret or "", config["QUICKBOOKS_CLIENT_SECRET"]
    ):
        return client_id
    return None


@bp.route("/connect/oauth2", methods=["GET", "POST"])
def authorize():
    """Sign-in and consent page; Connect redirects with code, state and realmId."""
    values = request.values
    params = {
        name: values.get(name, "")
        for name in ("client_id", "response_type", "scope", "redirect_uri", "state")
    }
    error = None
    if params["client_id"] != current_app.config["QUICKBOOKS_CLIENT_ID"]:
        error = "This app is not registered with Intuit (unknown client_id)."
    elif not redirect_allowed(params["redirect_uri"]):
        error = "The redirect_uri is not registered for this app."
    if error:
        return render_template("sandbox/quickbooks_authorize.html", error=error), 400
    if params["response_type"] != "code":
        return back(params, error="unsupported_response_type")
    scopes = params["scope"].split()
    if not scopes or any(scope not in SCOPES for scope in scopes):
        return back(params, error="invalid_scope")
    companies = sandbox_db.session.scalars(
        sa.select(QboCompany).order_by(QboCompany.id)
    ).all()
    if request.method == "GET":
        allow_form_redirect(params["redirect_uri"])
        return render_template(
            "sandbox/quickbooks_authorize.html",
            params=params,
            scope=scopes,
            companies=companies,
            app_name=params["client_id"],
            error=None,
        )
    if values.get("action") != "allow":
        return back(params, error="access_denied")
    realm_id = values.get("realm_id", "")
    if realm_id not in {company.realm_id for company in companies}:
        return back(params, error="access_denied")
    code = "AB1" + secrets.token_urlsafe(30)
    sandbox_db.session.add(
        QboAuthCode(
            code=code,
            client_id=params["client_id"],
            redirect_uri=params["redirect_uri"],
            realm_id=realm_id,
            scope=params["scope"],
            expires_at=utcnow() + timedelta(seconds=CODE_SECONDS),
        )
    )
    sandbox_db.session.commit()
    g.sandbox_tenant = realm_id
    return back(params, code=code, realmId=realm_id)


def back(params, **query):
    """302 to the client's redirect URI with the outcome and its state."""
    if params.get("state"):
        query["state"] = params["state"]
    uri = params["redirect_uri"]
    return redirect(uri + ("&" if "?" in uri else "?") + urlencode(query), code=302)


def issue(client_id, realm_id, scope, grant, refresh=None):
    """A new access token (and refresh token unless one is kept) for a grant."""
    now = utcnow()
    access = QboToken(
        token="eyJ" + secrets.token_urlsafe(48),
        kind=QboToken.ACCESS,
        grant=grant,
        client_id=client_id,
        realm_id=realm_id,
        scope=scope,
        expires_at=now + timedelta(seconds=ACCESS_SECONDS),
    )
    sandbox_db.session.add(access)
    if refresh is None:
        refresh = QboToken(
            token="AB1" + secrets.token_urlsafe(36),
            kind=QboToken.REFRESH,
            grant=grant,
            client_id=client_id,
            realm_id=realm_id,
            scope=scope,
        )
        sandbox_db.session.add(refresh)
    refresh.expires_at = now + timedelta(seconds=REFRESH_SECONDS)
    sandbox_db.session.commit()
    return jsonify(
        token_type="bearer",  # noqa: S106 - the OAuth token type, not a secret
        access_token=access.token,
        refresh_token=refresh.token,
        expires_in=ACCESS_SECONDS,
        x_refresh_token_expires_in=REFRESH_SECONDS,
    )


@bp.route("/oauth2/v1/tokens/bearer", methods=["POST"])
def token():
    """Exchange a code, or a refresh token, for tokens (Basic auth, form body)."""
    client_id = client_from_request()
    if client_id is None:
        return oauth_error("invalid_client", 401)
    grant_type = request.form.get("grant_type")
    if grant_type == "authorization_code":
        return exchange_code(client_id)
    if grant_type == "refresh_token":
        return refresh_tokens(client_id)
    return oauth_error("unsupported_grant_type")


def exchange_code(client_id):
    code_value = request.form.get("code")
    if not code_value or not request.form.get("redirect_uri"):
        return oauth_error("invalid_request")
    code = sandbox_db.session.get(QboAuthCode, code_value)
    if (
        code is None
        or code.used
        or code.client_id != client_id
        or store.aware(code.expires_at) < utcnow()
        or code.redirect_uri != request.form["redirect_uri"]
    ):
        return oauth_error("invalid_grant")
    code.used = True
    g.sandbox_tenant = code.realm_id
    return issue(client_id, code.realm_id, code.scope, secrets.token_hex(16))


def refresh_tokens(client_id):
    value = request.form.get("refresh_token")
    if not value:
        return oauth_error("invalid_request")
    old = sandbox_db.session.scalar(
        sa.select(QboToken).where(
            QboToken.token == value, QboToken.kind == QboToken.REFRESH
        )
    )
    if (
        old is None
        or old.revoked
        or old.client_id != client_id
        or store.aware(old.expires_at) < utcnow()
    ):
        return oauth_error(
            "invalid_grant", description="Incorrect or invalid refresh token"
        )
    g.sandbox_tenant = old.realm_id
    # Intuit hands out a new refresh token about once a day; the old one dies.
    rotate_after = current_app.config.get("QBO_REFRESH_ROTATE_SECONDS", 86400)
    if (utcnow() - store.aware(old.issued_at)).total_seconds() >= rotate_after:
        old.revoked = True
        return issue(client_id, old.realm_id, old.scope, old.grant)
    return issue(client_id, old.realm_id, old.scope, old.grant, refresh=old)


@bp.route("/oauth2/v1/tokens/revoke", methods=["POST"])
def revoke():
    """Revoke a refresh or access token, and with it the whole connection."""
    if client_from_request() is None:
        return oauth_error("invalid_client", 401)
    data = request.get_json(silent=True) if request.is_json else None
    value = (data or {}).get("token") or request.form.get("token")
    if not value:
        return oauth_error("invalid_request")
    found = sandbox_db.session.scalar(
        sa.select(QboToken).where(QboToken.token == value)
    )
    if found is not None:
        g.sandbox_tenant = found.realm_id
        sandbox_db.session.execute(
            sa.update(QboToken)
            .where(QboToken.grant == found.grant)
            .values(revoked=True)
        )
        sandbox_db.session.commit()
    return "", 200
