"""Saving, approving and voiding invoices, with the rules the office relies on."""

import sqlalchemy as sa

from app.extensions import db
from app.line_editor import fill_lines
from app.models import Customer, SalesInvoice, SalesInvoiceLine
from app.models.base import utcnow


def customer_choices(company_id, keep_id=None):
    customers = db.session.scalars(
        Customer.for_company(company_id)
        .where(sa.or_(Customer.active.is_(True), Customer.id == keep_id))
        .order_by(Customer.name)
    )
    return [(0, "Choose a customer…")] + [(c.id, c.name) for c in customers]


def number_taken(company_id, number, exclude_id=None):
    query = sa.select(SalesInvoice.id).where(
        SalesInvoice.company_id == company_id, SalesInvoice.number == number
    )
    if exclude_id:
        query = query.where(SalesInvoice.id != exclude_id)
    return db.session.scalar(query) is not None


def save_invoice(invoice, form):
    """Copy a validated form onto the invoice, rebuild its lines and retotal."""
    invoice.customer_id = form.customer_id.data
    invoice.number = form.number.data.strip()
    invoice.issue_date = form.issue_date.data
    invoice.due_date = form.due_date.data
    invoice.reference = (form.reference.data or "").strip()
    db.session.add(invoice)
    fill_lines(invoice, form, SalesInvoiceLine)


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
