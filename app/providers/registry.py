"""The one list of accounts packages LedgerBridge speaks to: a new one is a new
AccountsProvider class added here, and nothing under app/sync/ or app/integrations/."""

from app.providers.quickbooks import QuickBooksProvider
from app.providers.xero import XeroProvider

CLIENTS = {client.name: client for client in (XeroProvider, QuickBooksProvider)}
PROVIDERS = tuple(CLIENTS)
PROVIDER_NAMES = {name: client.label for name, client in CLIENTS.items()}
