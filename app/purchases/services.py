"""Saving, approving and voiding purchase invoices."""

import sqlalchemy as sa

from app.extensions import db
from app.line_editor import fill_lines
from app.models import PurchaseInvoice, PurchaseInvoiceLine, Supplier
from app.models.base import utcnow


def supplier_choices(company_id, keep_id=None):
    suppliers = db.session.scalars(
        Supplier.for_company(company_id)
        .where(sa.or_(Supplier.active.is_(True), Supplier.id == keep_id))
        .order_by(Supplier.name)
    )
    return [(0, "Choose a supplier…")] + [(s.id, s.name) for s in suppliers]


def number_taken(company_id, supplier_id, number, exclude_id=None):
    """True when this supplier already has an invoice with this number."""
    query = sa.select(PurchaseInvoice.id).where(
        PurchaseInvoice.company_id == company_id,
        PurchaseInvoice.supplier_id == supplier_id,
        PurchaseInvoice.number == number,
    )
    if exclude_id:
        query = query.where(PurchaseInvoice.id != exclude_id)
    return db.session.scalar(query) is not None


def can_edit(purchase):
    """Drafts and approved invoices may be corrected; void ones stay as they were."""
    return not purchase.is_void


def save_purchase(purchase, form):
    """Copy a validated form onto the purchase invoice, rebuild its lines, retotal."""
    purchase.supplier_id = form.supplier_id.data
    purchase.number = form.number.data.strip()
    purchase.issue_date = form.issue_date.data
    purchase.due_date = form.due_date.data
    purchase.reference = (form.reference.data or "").strip()
    db.session.add(purchase)
    fill_lines(purchase, form, PurchaseInvoiceLine)


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
