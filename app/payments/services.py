"""Recording payments without ever taking more than an invoice has outstanding."""

from flask import url_for

from app import submissions
from app.extensions import db
from app.locking import lock_for_update
from app.models import Payment, SalesInvoice
from app.money import format_money


def record_payment(invoice_id, company_id, *, payment_date, amount, method, reference):
    """Add a payment; returns (payment, None) or (None, message) and saves nothing then.

    The invoice is locked first so two people paying at once cannot overpay.
    """
    invoice = db.session.scalar(
        lock_for_update(
            SalesInvoice.for_company(company_id).where(SalesInvoice.id == invoice_id)
        )
    )
    # Under the lock a click sent twice sees the first click's payment.
    submissions.replay_if_saved(company_id)
    error = payment_problem(invoice, payment_date, amount)
    if error:
        db.session.rollback()  # lets the next payer in
        return None, error
    payment = Payment(
        company_id=company_id,
        invoice=invoice,
        payment_date=payment_date,
        amount=amount,
        method=method,
        reference=(reference or "").strip(),
    )
    db.session.add(payment)
    submissions.keep(
        company_id,
        url_for("invoices.show", invoice_id=invoice.id),
        f"Payment of {format_money(amount)} against invoice {invoice.number}",
    )
    db.session.commit()
    return payment, None


def payment_problem(invoice, payment_date, amount):
    """Why this invoice, as it is now, cannot take this payment; or None."""
    if invoice is None:
        return "That invoice no longer exists."
    if not invoice.is_approved:
        return (
            f"Invoice {invoice.number} is {invoice.status}; "
            "only approved invoices take payments."
        )
    outstanding = invoice.amount_outstanding
    if outstanding <= 0:
        return f"Invoice {invoice.number} is already paid in full."
    if amount > outstanding:
        return (
            f"{format_money(amount)} is more than the {format_money(outstanding)} "
            f"outstanding on invoice {invoice.number}."
        )
    if payment_date < invoice.issue_date:
        return "The payment date cannot be before the invoice's issue date."
    return None
