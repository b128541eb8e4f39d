"""Payments received: list, record against an open invoice, view and delete."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.auth import admin_required
from app.extensions import db
from app.models import Customer, ExternalLink, Payment, SalesInvoice
from app.money import format_money
from app.payments.forms import PaymentForm, invoice_choices
from app.payments.services import record_payment
from app.providers.registry import PROVIDER_NAMES
from app.web import paginate, render_page

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.route("/")
def index():
    """List payments, newest first, by method and searched by invoice or customer."""
    q = request.args.get("q", "").strip()[:100]
    method = request.args.get("method", "")
    method = method if method in Payment.METHODS else ""
    query = (
        Payment.for_company(current_user.company_id)
        .join(SalesInvoice, Payment.invoice)
        .join(Customer, SalesInvoice.customer)
        .options(
            sa.orm.contains_eager(Payment.invoice).contains_eager(SalesInvoice.customer)
        )
        .order_by(Payment.payment_date.desc(), Payment.id.desc())
    )
    if method:
        query = query.where(Payment.method == method)
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(
                SalesInvoice.number.ilike(like),
                Customer.name.ilike(like),
                Payment.reference.ilike(like),
            )
        )
    pagination = paginate(query, current_app.config["PER_PAGE"])
    return render_page(
        "payments/index.html",
        "payments/_table.html",
        "payment-table",
        pagination=pagination,
        q=q,
        method=method,
        methods=Payment.METHODS,
    )


def keep_chosen_invoice(form, invoice_id):
    """List the chosen invoice even when it takes no payment now.

    Then record_payment can say why (draft, void, paid in full) instead of the
    form answering "Not a valid choice".
    """
    if not isinstance(invoice_id, int) or invoice_id <= 0:
        return
    if invoice_id in {value for value, _label in form.invoice_id.choices}:
        return
    invoice = SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)
    form.invoice_id.choices.append(
        (invoice.id, f"{invoice.number} · {invoice.customer.name} ({invoice.status})")
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Record a payment against an open invoice, chosen here or via ?invoice_id=."""
    company_id = current_user.company_id
    form = PaymentForm()
    form.invoice_id.choices = invoice_choices(company_id, request.args.get("q", ""))
    if request.method == "POST":
        keep_chosen_invoice(form, form.invoice_id.data)
        if form.validate():
            payment, error = record_payment(
                form.invoice_id.data,
                company_id,
                payment_date=form.payment_date.data,
                amount=form.amount.decimal,
                method=form.method.data,
                reference=form.reference.data,
            )
            if error is None:
                flash(
                    f"Payment of {format_money(payment.amount)} recorded "
                    f"against invoice {payment.invoice.number}.",
                    "success",
                )
                return redirect(url_for("invoices.show", invoice_id=payment.invoice_id))
            form.amount.errors.append(error)
    else:
        invoice_id = request.args.get("invoice_id", type=int)
        keep_chosen_invoice(form, invoice_id)
        if invoice_id:
            invoice = SalesInvoice.get_owned_or_404(company_id, invoice_id)
            form.invoice_id.data = invoice.id
            if invoice.amount_outstanding > 0:
                form.amount.data = str(invoice.amount_outstanding)
    return render_template("payments/form.html", form=form)


@bp.route("/<int:payment_id>")
def show(payment_id):
    """One payment and the invoice it pays."""
    payment = Payment.get_owned_or_404(current_user.company_id, payment_id)
    return render_template("payments/show.html", payment=payment)


@bp.route("/<int:payment_id>/delete", methods=["POST"])
def delete(payment_id):
    """Delete a payment (admins only); the invoice owes that amount again."""
    # Ownership first, so another company's id is a 404 even for office users.
    payment = Payment.get_owned_or_404(current_user.company_id, payment_id)
    return delete_owned(payment)


@admin_required
def delete_owned(payment):
    """Remove a payment the company owns."""
    invoice_id, number = payment.invoice_id, payment.invoice.number
    amount = format_money(payment.amount)
    sent_to = db.session.scalars(
        sa.select(ExternalLink.provider).where(
            ExternalLink.company_id == payment.company_id,
            ExternalLink.kind == "payment",
            ExternalLink.local_id == payment.id,
        )
    ).all()
    db.session.delete(payment)  # its link stays: the next sync deletes it there
    db.session.commit()
    also = "".join(
        f" The next sync deletes it in {PROVIDER_NAMES.get(p, p)} too." for p in sent_to
    )
    flash(f"Payment of {amount} against invoice {number} deleted.{also}", "success")
    return redirect(url_for("invoices.show", invoice_id=invoice_id))
