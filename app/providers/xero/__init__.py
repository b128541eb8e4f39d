"""The Xero client as a package: client.py (calls, batches, links), reads.py,
writes.py; the wire format is app/providers/xero_wire.py."""

from app.providers.xero.client import XeroProvider

__all__ = ["XeroProvider"]
