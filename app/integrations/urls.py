"""What connecting needs beyond app.providers.settings: the server's own app
credentials, and our public address (PUBLIC_URL), never the Host a request names.
Scopes are the provider class's own."""

from flask import current_app, url_for

from app.providers.settings import provider_settings


def public_url():
    """Our address as configured (PUBLIC_URL), the demo's loopback one if unset."""
    return (current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000").rstrip("/")


def callback_url(provider):
    """The OAuth redirect URI to register: PUBLIC_URL plus the callback's path.

    A Host header is the visitor's to choose; one naming another site would send
    the sign-in code (and, for the sandbox, our client secret) there.
    """
    path = url_for("integrations.callback", provider=provider)
    return public_url() + path


def installed_credentials(provider):
    """(client_id, client_secret) of the app registered for this whole server
    (<PROVIDER>_CLIENT_ID and <PROVIDER>_CLIENT_SECRET in Config), or None: a
    company then pastes its own. Nothing else is ever assumed."""
    prefix = provider.upper()
    client_id = current_app.config.get(f"{prefix}_CLIENT_ID")
    secret = current_app.config.get(f"{prefix}_CLIENT_SECRET")
    return (client_id, secret) if client_id and secret else None


def endpoints(provider):
    """Where to send the browser and the back-channel calls for this provider."""
    return provider_settings(provider, current_app.config)
