"""The QuickBooks client as a package: client.py (calls, batches, links), reads.py,
writes.py, connect.py; the wire format is wire.py."""

from app.providers.quickbooks.client import QuickBooksProvider

__all__ = ["QuickBooksProvider"]
