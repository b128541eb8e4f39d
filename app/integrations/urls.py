"""What connecting needs beyond app.providers.settings: scopes, demo credentials,
and our own public address (PUBLIC_URL), never the Host a request names."""

from flask import current_app, url_for

from app.providers.settings import provider_settings

SCOPES = {
    # Granular transaction scopes: Xero apps made from March 2026 get no others.
    "xero": "offline_access openid profile email accounting.settings "
    "accounting.contacts accounting.invoices accounting.payments",
    "quickbooks": "com.intuit.quickbooks.accounting",
}
SANDBOX_CREDENTIALS = {
    "xero": ("sandbox-xero-client", "sandbox-xero-secret"),
    "quickbooks": ("sandbox-quickbooks-client", "sandbox-quickbooks-secret"),
}


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


def sandbox_base():
    """The sandbox root: configured, else /sandbox under PUBLIC_URL."""
    base = current_app.config.get(
        "INTEGRATIONS_SANDBOX_BASE"
    ) or current_app.config.get("SANDBOX_BASE_URL")
    return (base or public_url() + "/sandbox").rstrip("/")


def sandbox_on():
    return bool(
        current_app.config.get("SANDBOX_ENABLED")
        or current_app.config.get("INTEGRATIONS_SANDBOX_BASE")
    )


def endpoints(provider):
    """Where to send the browser and the back-channel calls for this provider."""
    config = dict(current_app.config)
    if sandbox_on():
        config["SANDBOX_ENABLED"] = True
        config["SANDBOX_BASE_URL"] = sandbox_base()
    return provider_settings(provider, config)
