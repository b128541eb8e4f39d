"""What connecting needs beyond app.providers.settings: scopes, demo credentials,
and the sandbox's address taken from the request when none is configured."""

from flask import current_app, has_request_context, request

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


def sandbox_base():
    """The sandbox root: configured, else /sandbox on the host serving this request."""
    base = current_app.config.get(
        "INTEGRATIONS_SANDBOX_BASE"
    ) or current_app.config.get("SANDBOX_BASE_URL")
    if not base and has_request_context():
        base = request.host_url.rstrip("/") + "/sandbox"
    return (base or "http://127.0.0.1:5000/sandbox").rstrip("/")


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
