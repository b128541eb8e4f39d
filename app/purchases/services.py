"""Approving and voiding purchase invoices."""

from app.models import PurchaseInvoice
from app.models.base import utcnow


def can_edit(purchase):
    """Drafts and approved invoices may be corrected; void ones stay as they were."""
    return not purchase.is_void


def approve(purchase):
    """Draft to approved; returns an error message or None."""
    if not purchase.is_draft:
        return (
            f"Purchase invoice {purchase.number} is {purchase.status}, "
            "so it cannot be approved."
        )
    if not purchase.lines or purchase.total <= 0:
        return (
            "A purchase invoice needs at least one line and a total above zero "
            "to be approved."
        )
    purchase.status = PurchaseInvoice.APPROVED
    purchase.approved_at = utcnow()
    return None


def void(purchase):
    """Void a draft or approved purchase invoice; returns an error message or None."""
    if purchase.is_void:
        return f"Purchase invoice {purchase.number} is already void."
    purchase.status = PurchaseInvoice.VOID
    return None
