"""Clients for the accounts packages: one interface, Xero and QuickBooks behind it."""

from app.providers.base import (
    AccountsProvider,
    AllocationPayload,
    CustomerPayload,
    DocumentPayload,
    LinePayload,
    Organisation,
    PaymentPayload,
    ProviderError,
    PushResult,
    RemoteAccount,
    RemoteCustomer,
    RemoteTaxCode,
    TokenSource,
)
from app.providers.settings import ProviderSettings, provider_settings


def make_provider(name, settings, remote_id, tokens, session=None):
    """The client for a connection: "xero" (tenant id) or "quickbooks" (realm id)."""
    if name == "xero":
        from app.providers.xero import XeroProvider

        return XeroProvider(settings, remote_id, tokens, session=session)
    if name == "quickbooks":
        from app.providers.quickbooks import QuickBooksProvider

        return QuickBooksProvider(settings, remote_id, tokens, session=session)
    raise ValueError(f"unknown provider {name!r}")


__all__ = [
    "AccountsProvider",
    "AllocationPayload",
    "CustomerPayload",
    "DocumentPayload",
    "LinePayload",
    "Organisation",
    "PaymentPayload",
    "ProviderError",
    "ProviderSettings",
    "PushResult",
    "RemoteAccount",
    "RemoteCustomer",
    "RemoteTaxCode",
    "TokenSource",
    "make_provider",
    "provider_settings",
]
