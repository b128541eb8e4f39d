"""OpenID Connect parts of Intuit's OAuth: discovery document, keys, userinfo."""

import sqlalchemy as sa
from flask import jsonify, request, url_for

from sandbox.quickbooks import store
from sandbox.quickbooks.models import QboToken
from sandbox.quickbooks.oauth import SCOPES, bp, oauth_error
from sandbox.storage import sandbox_db, utcnow


@bp.route("/.well-known/openid_configuration")
def discovery():
    """OpenID discovery document pointing at this sandbox's own endpoints."""

    def link(endpoint):
        return url_for(endpoint, _external=True)

    return jsonify(
        issuer="https://oauth.platform.intuit.com/op/v1",
        authorization_endpoint=link("quickbooks_oauth.authorize"),
        token_endpoint=link("quickbooks_oauth.token"),
        userinfo_endpoint=link("quickbooks_oauth.userinfo"),
        revocation_endpoint=link("quickbooks_oauth.revoke"),
        jwks_uri=link("quickbooks_oauth.jwks"),
        response_types_supported=["code"],
        subject_types_supported=["public"],
        id_token_signing_alg_values_supported=["RS256"],
        scopes_supported=SCOPES,
        token_endpoint_auth_methods_supported=[
            "client_secret_post",
            "client_secret_basic",
        ],
        claims_supported=["aud", "exp", "iat", "iss", "realmid", "sub"],
    )


@bp.route("/oauth2/v1/keys")
def jwks():
    """Signing keys: none, the sandbox issues no id_token."""
    return jsonify(keys=[])


@bp.route("/v1/openid_connect/userinfo")
def userinfo():
    """The signed-in sandbox user, for clients that asked for openid scopes."""
    header = request.headers.get("Authorization", "")
    found = sandbox_db.session.scalar(
        sa.select(QboToken).where(
            QboToken.token == header.removeprefix("Bearer ").strip(),
            QboToken.kind == QboToken.ACCESS,
        )
    )
    if found is None or found.revoked or store.aware(found.expires_at) < utcnow():
        return oauth_error("invalid_token", 401)
    return jsonify(
        sub=found.grant,
        givenName="Sandbox",
        familyName="Admin",
        email="admin@sandbox.example",
        emailVerified=True,
    )
