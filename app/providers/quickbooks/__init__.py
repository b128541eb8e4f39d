"""The QuickBooks client as a package: client.py (calls, batches, links), reads.py,
writes.py; the wire format is app/providers/quickbooks_wire.py."""

from app.providers.quickbooks.client import QuickBooksProvider

__all__ = ["QuickBooksProvider"]
