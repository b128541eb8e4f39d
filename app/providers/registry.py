"""The one list of accounts packages LedgerBridge speaks to: a new one is a new
AccountsProvider class added here, and nothing under app/sync/ or app/integrations/."""

from app.providers.quickbooks import QuickBooksProvider
from app.providers.xero import XeroProvider

CLIENTS = {client.name: client for client in (XeroProvider, QuickBooksProvider)}
PROVIDERS = tuple(CLIENTS)
PROVIDER_NAMES = {name: client.label for name, client in CLIENTS.items()}


def packages_giving(code):
    """The packages a catalogue code can come from: those whose tables name it, or
    every package for a code none claims (ours: a timeout, a skipped record)."""
    claimed = tuple(
        name for name, client in CLIENTS.items() if code in client.reports()
    )
    return claimed or PROVIDERS


def any_package():
    """ "Xero or QuickBooks Online": what a company may connect, for a message."""
    return " or ".join(PROVIDER_NAMES.values())
