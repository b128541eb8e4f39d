"""Credit note rules: which invoices can be credited, approving and voiding."""

import sqlalchemy as sa

from app.extensions import db
from app.locking import lock_for_update
from app.models import CreditNote, SalesInvoice
from app.models.base import utcnow


def invoice_choices(company_id, keep_id=None):
    """Approved invoices, plus the one a note already names, as 'INV-… · Customer'."""
    invoices = db.session.scalars(
        SalesInvoice.for_company(company_id)
        .where(
            sa.or_(
                SalesInvoice.status == SalesInvoice.APPROVED,
                SalesInvoice.id == keep_id,
            )
        )
        .options(sa.orm.joinedload(SalesInvoice.customer))
        .order_by(SalesInvoice.issue_date.desc(), SalesInvoice.id.desc())
    )
    return [(0, "Not against an invoice")] + [
        (i.id, f"{i.number} · {i.customer.name}") for i in invoices
    ]


def locked_invoice(company_id, invoice_id):
    """The invoice re-read under a lock, so two credits at once cannot over-credit.

    Its payments and credit notes are reloaded too: the limit must be worked out
    from what is in the database now, not from what this request read earlier.
    """
    invoice = db.session.scalar(
        lock_for_update(
            SalesInvoice.for_company(company_id).where(SalesInvoice.id == invoice_id)
        )
    )
    if invoice is not None:
        db.session.expire(invoice, ["payments", "credit_notes"])
    return invoice


def invoice_problem(invoice, customer_id):
    """Why this invoice cannot be credited for this customer, or None."""
    if not invoice.is_approved:
        return (
            f"Invoice {invoice.number} is {invoice.status}; "
            "only approved invoices can be credited."
        )
    if customer_id and invoice.customer_id != customer_id:
        return (
            f"Invoice {invoice.number} is for {invoice.customer.name}; "
            "choose that customer or a different invoice."
        )
    return None


def approve(note):
    """Draft to approved, re-checking the limit against the invoice as it is now."""
    if not note.is_draft:
        return f"Credit note {note.number} is {note.status}, so it cannot be approved."
    if not note.lines or note.total <= 0:
        return (
            "A credit note needs at least one line and a total above zero "
            "to be approved."
        )
    if note.invoice_id:
        invoice = locked_invoice(note.company_id, note.invoice_id)
        problem = invoice_problem(invoice, note.customer_id)
        if problem:
            return problem
        error = note.limit_error()
        if error:
            return error
    note.status = CreditNote.APPROVED
    note.approved_at = utcnow()
    return None


def void(note):
    """Draft or approved to void; returns an error message or None."""
    if note.is_void:
        return "This credit note is already void."
    note.status = CreditNote.VOID
    return None
