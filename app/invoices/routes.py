"""Sales invoices: list, create, edit, approve, void, pay and credit."""

from datetime import date, timedelta

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
from sqlalchemy.exc import IntegrityError

from app import line_editor
from app.extensions import db
from app.invoices import services
from app.invoices.forms import InvoiceForm
from app.models import Customer, SalesInvoice
from app.money import format_money
from app.payments.forms import PaymentForm
from app.payments.services import record_payment
from app.web import page_number, render_page

bp = Blueprint("invoices", __name__, url_prefix="/invoices")

STATUS_TABS = ("all",) + SalesInvoice.STATUSES
SALES_TYPES = ("revenue",)


@bp.route("/")
def index():
    """List invoices by status, searched by number, reference or customer."""
    status = request.args.get("status", "all")
    status = status if status in STATUS_TABS else "all"
    q = request.args.get("q", "").strip()[:100]
    query = (
        SalesInvoice.for_company(current_user.company_id)
        .join(Customer)
        .options(
            sa.orm.contains_eager(SalesInvoice.customer),
            sa.orm.selectinload(SalesInvoice.payments),
            sa.orm.selectinload(SalesInvoice.credit_notes),
        )
        .order_by(SalesInvoice.issue_date.desc(), SalesInvoice.id.desc())
    )
    if status != "all":
        query = query.where(SalesInvoice.status == status)
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(
                SalesInvoice.number.ilike(like),
                SalesInvoice.reference.ilike(like),
                Customer.name.ilike(like),
            )
        )
    pagination = db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_page(
        "invoices/index.html",
        "invoices/_table.html",
        "invoice-table",
        pagination=pagination,
        status=status,
        q=q,
        tabs=STATUS_TABS,
    )


def bind_form(form, invoice=None):
    """Give the form this company's customers and codes (keeping ones already used)."""
    keep = (
        {line.nominal_code_id for line in invoice.lines}
        | {line.tax_code_id for line in invoice.lines}
        if invoice
        else set()
    )
    nominals, taxes = line_editor.code_choices(
        current_user.company_id, SALES_TYPES, keep
    )
    line_editor.bind_choices(form, nominals, taxes)
    form.customer_id.choices = services.customer_choices(
        current_user.company_id, invoice.customer_id if invoice else None
    )


def posted_form():
    """The posted form, with a line added or removed first when that was asked."""
    action = line_editor.editor_action()
    if action:
        return InvoiceForm(formdata=line_editor.edited_formdata(action)), action
    return InvoiceForm(), None


def save_or_rerender(form, invoice, action, template):
    """Validate and save, or show the form again with every message in place."""
    bind_form(form, invoice if invoice.id else None)
    if action is None and request.method == "POST":
        valid = form.validate() & line_editor.validate_line_codes(form)
        number = (form.number.data or "").strip()
        if number and services.number_taken(
            current_user.company_id, number, invoice.id
        ):
            form.number.errors.append(f"Invoice number {number} is already used.")
            valid = False
        if valid:
            services.save_invoice(invoice, form)
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                form.number.errors.append(f"Invoice number {number} is already used.")
            else:
                flash(f"Invoice {invoice.number} saved.", "success")
                return redirect(url_for("invoices.show", invoice_id=invoice.id))
    return render_template(
        template,
        form=form,
        invoice=invoice,
        lines_url=url_for("invoices.lines"),
        totals=line_editor.preview(form),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Create a draft invoice."""
    company_id = current_user.company_id
    if request.method == "POST":
        form, action = posted_form()
    else:
        form, action = InvoiceForm(), None
        form.number.data = SalesInvoice.next_number(db.session, company_id, "INV")
        form.issue_date.data = date.today()
        form.due_date.data = date.today() + timedelta(days=30)
        customer_id = request.args.get("customer_id", type=int)
        if customer_id:
            form.customer_id.data = Customer.get_owned_or_404(
                company_id, customer_id
            ).id
    invoice = SalesInvoice(company_id=company_id, status=SalesInvoice.DRAFT)
    return save_or_rerender(form, invoice, action, "invoices/form.html")


@bp.route("/lines", methods=["POST"])
def lines():
    """The lines editor's htmx reply: lines added or removed, or fresh totals."""
    form, action = posted_form()
    bind_form(form)
    which = "lines" if action or request.form.get("which") != "totals" else "totals"
    return line_editor.render_lines(form, url_for("invoices.lines"), which)


@bp.route("/<int:invoice_id>")
def show(invoice_id):
    """One invoice with its lines, payments, credit notes and actions."""
    invoice = SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)
    payment_form = PaymentForm(formdata=None)
    payment_form.amount.data = str(invoice.amount_outstanding)
    return render_template(
        "invoices/show.html", invoice=invoice, payment_form=payment_form
    )


@bp.route("/<int:invoice_id>/edit", methods=["GET", "POST"])
def edit(invoice_id):
    """Edit an invoice while nothing is set against it."""
    invoice = SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)
    if not invoice.can_edit:
        flash(f"Invoice {invoice.number} can no longer be edited.", "warning")
        return redirect(url_for("invoices.show", invoice_id=invoice.id))
    if request.method == "POST":
        form, action = posted_form()
    else:
        form, action = InvoiceForm(obj=invoice), None
        line_editor.lines_from_document(form, invoice)
    return save_or_rerender(form, invoice, action, "invoices/form.html")


@bp.route("/<int:invoice_id>/approve", methods=["POST"])
def approve(invoice_id):
    """Approve a draft so it can be paid, credited and sent to the accounts package."""
    invoice = SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)
    error = services.approve(invoice)
    if error:
        flash(error, "error")
    else:
        db.session.commit()
        flash(f"Invoice {invoice.number} approved.", "success")
    return redirect(url_for("invoices.show", invoice_id=invoice.id))


@bp.route("/<int:invoice_id>/void", methods=["POST"])
def void(invoice_id):
    """Void an invoice; it stays on file with its number."""
    invoice = SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)
    error = services.void(invoice)
    if error:
        flash(error, "error")
    else:
        db.session.commit()
        flash(f"Invoice {invoice.number} voided.", "success")
    return redirect(url_for("invoices.show", invoice_id=invoice.id))


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
        if not invoice.is_approved:
            flash(error, "error")
            return redirect(url_for("invoices.show", invoice_id=invoice.id))
        form.amount.errors.append(error)
    return render_template("invoices/show.html", invoice=invoice, payment_form=form)
