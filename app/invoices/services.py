"""Approving and voiding invoices, with the rules the office relies on."""

from app.models import SalesInvoice
from app.models.base import utcnow


def approve(invoice):
    """Draft to approved; returns an error message or None."""
    if not invoice.is_draft:
        return (
            f"Invoice {invoice.number} is {invoice.status}, so it cannot be approved."
        )
    if not invoice.lines or invoice.total <= 0:
        return (
            "An invoice needs at least one line and a total above zero to be approved."
        )
    invoice.status = SalesInvoice.APPROVED
    invoice.approved_at = utcnow()
    return None


def void(invoice):
    """Void an invoice nothing is set against; returns an error message or None."""
    blocker = invoice.void_blocker
    if blocker:
        return blocker
    invoice.status = SalesInvoice.VOID
    return None
