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
from app.providers.connect import AllowedOrganisation, ConnectError
from app.providers.settings import ProviderSettings, provider_settings

__all__ = [
    "AccountsProvider",
    "AllocationPayload",
    "AllowedOrganisation",
    "ConnectError",
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
    "provider_settings",
]
