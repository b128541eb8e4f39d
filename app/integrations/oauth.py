"""The OAuth 2.0 dance with a provider: authorize URL, code exchange, revoke."""

import secrets
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from flask import current_app

from app.integrations import urls
from app.models import ProviderApp
from app.providers import replies
from app.providers.connect import ConnectError
from app.providers.registry import CLIENTS, PROVIDER_NAMES

UNREADABLE = (
    "The accounts package answered with something we could not read, so nothing "
    "was connected. Try again shortly."
)


def credentials(company_id, provider):
    """(client_id, client_secret) saved for this company, else the server's own."""
    from app.extensions import db

    row = db.session.scalar(
        ProviderApp.for_company(company_id).where(ProviderApp.provider == provider)
    )
    if row is not None and row.client_id and row.client_secret:
        return row.client_id, row.client_secret
    return urls.installed_credentials(provider)


def redirect_uri(provider):
    return urls.callback_url(provider)


def session_for(provider, client, **kwargs):
    """An Authlib session sending the client secret by HTTP Basic auth."""
    return OAuth2Session(
        client[0],
        client[1],
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name
        default_timeout=urls.endpoints(provider).timeout,
        **kwargs,
    )


def authorization(provider, client):
    """(url, state, code_verifier) for the browser to visit."""
    verifier = generate_token(64)
    oauth = session_for(
        provider,
        client,
        scope=CLIENTS[provider].scopes,
        redirect_uri=redirect_uri(provider),
        code_challenge_method="S256",
    )
    url, state = oauth.create_authorization_url(
        urls.endpoints(provider).authorize_url,
        state=secrets.token_urlsafe(32),
        code_verifier=verifier,
    )
    return url, state, verifier


def exchange_code(provider, client, code, verifier):
    """The token response for an authorization code; ConnectError on failure."""
    oauth = session_for(provider, client, redirect_uri=redirect_uri(provider))
    with translated_errors():
        return replies.checked_token(
            oauth.fetch_token(
                urls.endpoints(provider).token_url,
                grant_type="authorization_code",
                code=code,
                code_verifier=verifier,
            )
        )


def refresh(provider, client, refresh_token):
    """A new, checked token response for a refresh token (OAuthError, requests
    errors, replies.JunkReply for a reply not shaped as documented)."""
    oauth = session_for(provider, client)
    try:
        token = oauth.refresh_token(
            urls.endpoints(provider).token_url, refresh_token=refresh_token
        )
    except (TypeError, AttributeError, OverflowError) as error:
        # Authlib reads expires_in and the body's shape before we can check them.
        raise replies.JunkReply("the token reply could not be read") from error
    return replies.checked_token(token)


def expiry(token, name, default=None):
    """When a checked reply's lifetime (seconds, bounded) runs out."""
    seconds = token.get(name) or default
    if not seconds:
        return None
    return datetime.now(UTC) + timedelta(seconds=int(seconds))


def organisations(provider, token, callback_args):
    """The organisations the consent allowed; ConnectError when none can be."""
    with translated_errors():
        return CLIENTS[provider].organisations(
            token["access_token"], callback_args, urls.endpoints(provider)
        )


def revoke(connection, client):
    """Tell the provider to forget us; True when it confirmed."""
    package = CLIENTS[connection.provider]
    return package.revoke(connection, client, urls.endpoints(connection.provider))


@contextmanager
def translated_errors():
    """Turn network and OAuth failures into a ConnectError with a clear message."""
    try:
        yield
    except OAuthError as error:
        raise ConnectError(_oauth_message(error.error), error.error) from error
    except (replies.JunkReply, TypeError, AttributeError, OverflowError) as error:
        # A 200 whose body is not what the provider documents (Authlib reads
        # some of it first, hence the built-in errors).
        current_app.logger.warning("Unreadable sign-in reply: %s", error)
        raise ConnectError(UNREADABLE, "unreadable") from error
    except requests.Timeout as error:
        raise ConnectError(
            "The accounts package took too long to answer. Try again shortly.",
            "timeout",
        ) from error
    except requests.ConnectionError as error:
        raise ConnectError(
            "We could not reach the accounts package. Try again shortly.",
            "unavailable",
        ) from error
    except (requests.RequestException, ValueError, KeyError) as error:
        raise ConnectError(
            "The accounts package had a problem and did not finish connecting. "
            "Try again shortly.",
            "unavailable",
        ) from error


def _oauth_message(code):
    if not isinstance(code, str) or not code.isascii() or len(code) > 60:
        code = "unknown error"
    if code == "invalid_client":
        return (
            "The accounts package did not accept the Client ID and Client Secret. "
            "Check them against your app's settings and save them again."
        )
    if code == "invalid_grant":
        return "The sign-in took too long or was already used. Press Connect again."
    return f"The accounts package refused the connection ({code}). Try again."


def consent_error(provider, error):
    if error == "access_denied":
        return f"You cancelled at {PROVIDER_NAMES[provider]}, so nothing was connected."
    return f"{PROVIDER_NAMES[provider]} did not connect ({error}). Try again."
