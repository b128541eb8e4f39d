"""Where each provider lives (its real hosts unless Config says otherwise) and how
patient to be with it."""

import os
from dataclasses import dataclass, replace

REAL = {
    "xero": {
        "authorize_url": "https://login.xero.com/identity/connect/authorize",
        "token_url": "https://identity.xero.com/connect/token",
        "revoke_url": "https://identity.xero.com/connect/revocation",
        "connections_url": "https://api.xero.com/connections",
        "api_base": "https://api.xero.com/api.xro/2.0",
        "discovery_url": None,
        "web_url": "https://go.xero.com",  # the package's own screens, for links
    },
    "quickbooks": {
        "authorize_url": "https://appcenter.intuit.com/connect/oauth2",
        "token_url": "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
        "revoke_url": "https://developer.api.intuit.com/v2/oauth2/tokens/revoke",
        "connections_url": None,
        "api_base": "https://quickbooks.api.intuit.com/v3/company",
        "discovery_url": (
            "https://developer.api.intuit.com/.well-known/openid_configuration"
        ),
        "web_url": "https://app.qbo.intuit.com/app",
    },
}

# Each can be overridden from Config or the environment as <PROVIDER>_<NAME>, e.g.
# XERO_API_BASE: a development server, a proxy, or the sandbox in the demo.
ENV_NAMES = (*REAL["xero"],)


@dataclass(frozen=True)
class ProviderSettings:
    name: str
    authorize_url: str
    token_url: str
    revoke_url: str
    api_base: str
    connections_url: str | None = None
    discovery_url: str | None = None
    web_url: str = ""  # "": records have no page to link to
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_retry_wait: float = 60.0  # longest Retry-After we sit out inside a call
    max_attempts: int = 4  # tries per call, the first included
    backoff: float = 0.5  # first pause before retrying a 5xx; doubles each time
    page_size: int = 0  # 0: the provider's own default (Xero 100, QBO 1000)
    # Pacing under the provider's per-minute limit (Xero 60 calls a tenant, QBO
    # 500 requests a realm, batch items counted), so a sync never trips a 429.
    minute_limit: int = 0  # 0: the provider class's own minute_limit
    window_seconds: float = 60.0  # shorter only for a time-scaled sandbox
    throttle_wait: float = 60.0  # a 429 without Retry-After: sit out a window
    max_throttle_waits: int = 10

    @property
    def timeout(self):
        return (self.connect_timeout, self.read_timeout)

    def with_changes(self, **changes):
        return replace(self, **changes)


def provider_settings(name, app_config=None):
    """Settings for "xero" or "quickbooks": the real hosts, then overrides."""
    config = app_config or {}
    if name not in REAL:
        raise ValueError(f"unknown provider {name!r}")
    urls = dict(REAL[name])
    prefix = name.upper()
    for key in ENV_NAMES:
        setting = f"{prefix}_{key.upper()}"
        override = config.get(setting)
        if override is None:
            override = os.environ.get(setting)
        if override is None or REAL[name][key] is None:
            continue  # unset, or an endpoint this provider does not have
        if override or key == "web_url":  # only links may be switched off
            urls[key] = override
    numbers = {}
    for key, kind in (
        ("connect_timeout", float),
        ("read_timeout", float),
        ("max_retry_wait", float),
        ("max_attempts", int),
        ("backoff", float),
        ("minute_limit", int),
        ("window_seconds", float),
        ("throttle_wait", float),
        ("max_throttle_waits", int),
    ):
        value = config.get(f"PROVIDER_{key.upper()}")
        if value is None:
            value = os.environ.get(f"PROVIDER_{key.upper()}")
        if value is not None:
            numbers[key] = kind(value)
    return ProviderSettings(name=name, **urls, **numbers)
