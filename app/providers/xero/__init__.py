"""The Xero client as a package: client.py (calls, batches, links), reads.py,
writes.py, connect.py; the wire format is wire.py."""

from app.providers.xero.client import XeroProvider

__all__ = ["XeroProvider"]
