"""Where each provider lives (real hosts or the sandbox) and how patient to be."""

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
    },
}

SANDBOX_PATHS = {
    "xero": {
        "authorize_url": "/xero/identity/connect/authorize",
        "token_url": "/xero/connect/token",
        "revoke_url": "/xero/connect/revocation",
        "connections_url": "/xero/connections",
        "api_base": "/xero/api.xro/2.0",
        "discovery_url": None,
    },
    "quickbooks": {
        "authorize_url": "/quickbooks/connect/oauth2",
        "token_url": "/quickbooks/oauth2/v1/tokens/bearer",
        "revoke_url": "/quickbooks/oauth2/v1/tokens/revoke",
        "connections_url": None,
        "api_base": "/quickbooks/v3/company",
        "discovery_url": "/quickbooks/.well-known/openid_configuration",
    },
}

ENV_NAMES = ("authorize_url", "token_url", "revoke_url", "connections_url", "api_base")
DEFAULT_SANDBOX_BASE = "http://127.0.0.1:5000/sandbox"


@dataclass(frozen=True)
class ProviderSettings:
    name: str
    authorize_url: str
    token_url: str
    revoke_url: str
    api_base: str
    connections_url: str | None = None
    discovery_url: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_retry_wait: float = 60.0  # longest Retry-After we sit out inside a call
    max_attempts: int = 4  # tries per call, the first included
    backoff: float = 0.5  # first pause before retrying a 5xx; doubles each time
    page_size: int = 0  # 0: the provider's own default (Xero 100, QBO 1000)
    # Pacing under the provider's per-minute limit (Xero 60 calls a tenant, QBO
    # 500 requests a realm, batch items counted), so a sync never trips a 429.
    minute_limit: int = 0  # 0: the provider's own (see MINUTE_LIMITS)
    window_seconds: float = 60.0  # shorter only for a time-scaled sandbox
    throttle_wait: float = 60.0  # a 429 without Retry-After: sit out a window
    max_throttle_waits: int = 10

    @property
    def timeout(self):
        return (self.connect_timeout, self.read_timeout)

    def with_changes(self, **changes):
        return replace(self, **changes)


def provider_settings(name, app_config=None):
    """Settings for "xero" or "quickbooks": real hosts or sandbox, then overrides."""
    config = app_config or {}
    if name not in REAL:
        raise ValueError(f"unknown provider {name!r}")
    if config.get("SANDBOX_ENABLED"):
        base = (config.get("SANDBOX_BASE_URL") or DEFAULT_SANDBOX_BASE).rstrip("/")
        urls = {
            key: (base + path if path else None)
            for key, path in SANDBOX_PATHS[name].items()
        }
    else:
        urls = dict(REAL[name])
    prefix = name.upper()
    for key in ENV_NAMES:
        setting = f"{prefix}_{key.upper()}"
        override = config.get(setting) or os.environ.get(setting)
        if override and (key != "connections_url" or name == "xero"):
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
