"""Sales invoices: list, create, edit, approve, void, pay and credit."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from app.documents import list_page
from app.history.status import sync_context
from app.invoices import services
from app.invoices.editor import InvoiceEditor
from app.models import Customer, SalesInvoice
from app.money import format_money
from app.payments.forms import PaymentForm
from app.payments.services import record_payment

bp = Blueprint("invoices", __name__, url_prefix="/invoices")


@bp.route("/")
def index():
    """List invoices by status, searched by number, reference or customer."""
    query = (
        SalesInvoice.for_company(current_user.company_id)
        .join(Customer)
        .options(
            sa.orm.contains_eager(SalesInvoice.customer),
            sa.orm.selectinload(SalesInvoice.payments),
            sa.orm.selectinload(SalesInvoice.credit_notes),
        )
    )
    search = (SalesInvoice.number, SalesInvoice.reference, Customer.name)
    return list_page(query, SalesInvoice, search, "invoices", "invoice-table")


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Create a draft invoice."""
    editor = InvoiceEditor.draft()
    return editor.save_or_rerender(*editor.load_form())


@bp.route("/lines", methods=["POST"])
def lines():
    """The lines editor's htmx reply: lines added or removed, or fresh totals."""
    return InvoiceEditor().lines_response()


@bp.route("/<int:invoice_id>")
def show(invoice_id):
    """One invoice with its lines, payments, credit notes and actions."""
    invoice = SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)
    payment_form = PaymentForm(formdata=None)
    payment_form.amount.data = str(invoice.amount_outstanding)
    return render_template(
        "invoices/show.html",
        invoice=invoice,
        payment_form=payment_form,
        **sync_context("invoice", invoice.id),
    )


@bp.route("/<int:invoice_id>/edit", methods=["GET", "POST"])
def edit(invoice_id):
    """Edit an invoice while nothing is set against it."""
    editor = InvoiceEditor.owned(invoice_id)
    if not editor.document.can_edit:
        number = editor.document.number
        return editor.back_to_show(f"Invoice {number} can no longer be edited.")
    return editor.save_or_rerender(*editor.load_form())


@bp.route("/<int:invoice_id>/approve", methods=["POST"])
def approve(invoice_id):
    """Approve a draft so it can be paid, credited and sent to the accounts package."""
    return InvoiceEditor.owned(invoice_id).transition(services.approve, "approved")


@bp.route("/<int:invoice_id>/void", methods=["POST"])
def void(invoice_id):
    """Void an invoice; it stays on file with its number."""
    return InvoiceEditor.owned(invoice_id).transition(services.void, "voided")


@bp.route("/<int:invoice_id>/payments", methods=["POST"])
def record_invoice_payment(invoice_id):
    """Record a payment from the invoice page."""
    invoice = SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)
    form = PaymentForm()
    form.invoice_id.choices = [(invoice.id, invoice.number)]
    form.invoice_id.data = invoice.id
    if form.validate():
        payment, error = record_payment(
            invoice.id,
            current_user.company_id,
            payment_date=form.payment_date.data,
            amount=form.amount.decimal,
            method=form.method.data,
            reference=form.reference.data,
        )
        if error is None:
            flash(f"Payment of {format_money(payment.amount)} recorded.", "success")
            return redirect(url_for("invoices.show", invoice_id=invoice.id))
        if not invoice.is_approved or invoice.amount_outstanding <= 0:
            # Nothing left to pay (say, paid from another desk a moment ago): the
            # page shows no payment form to put the message on.
            flash(error, "error")
            return redirect(url_for("invoices.show", invoice_id=invoice.id))
        form.amount.errors.append(error)
    return render_template(
        "invoices/show.html",
        invoice=invoice,
        payment_form=form,
        **sync_context("invoice", invoice.id),
    )
