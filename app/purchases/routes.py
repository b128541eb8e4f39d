"""Purchase invoices: list, create, edit, approve and void supplier bills."""

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
from app.models import PurchaseInvoice, Supplier
from app.purchases import services
from app.purchases.forms import PurchaseInvoiceForm
from app.web import page_number, render_page

bp = Blueprint("purchases", __name__, url_prefix="/purchases")

STATUS_TABS = ("all",) + PurchaseInvoice.STATUSES
PURCHASE_TYPES = ("expense", "asset")


@bp.route("/")
def index():
    """List purchase invoices by status, searched by number, reference or supplier."""
    status = request.args.get("status", "all")
    status = status if status in STATUS_TABS else "all"
    q = request.args.get("q", "").strip()[:100]
    query = (
        PurchaseInvoice.for_company(current_user.company_id)
        .join(Supplier)
        .options(sa.orm.contains_eager(PurchaseInvoice.supplier))
        .order_by(PurchaseInvoice.issue_date.desc(), PurchaseInvoice.id.desc())
    )
    if status != "all":
        query = query.where(PurchaseInvoice.status == status)
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(
                PurchaseInvoice.number.ilike(like),
                PurchaseInvoice.reference.ilike(like),
                Supplier.name.ilike(like),
            )
        )
    pagination = db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_page(
        "purchases/index.html",
        "purchases/_table.html",
        "purchase-table",
        pagination=pagination,
        status=status,
        q=q,
        tabs=STATUS_TABS,
    )


def bind_form(form, purchase=None):
    """Give the form this company's suppliers and codes (keeping ones already used)."""
    keep = (
        {line.nominal_code_id for line in purchase.lines}
        | {line.tax_code_id for line in purchase.lines}
        if purchase
        else set()
    )
    nominals, taxes = line_editor.code_choices(
        current_user.company_id, PURCHASE_TYPES, keep
    )
    line_editor.bind_choices(form, nominals, taxes)
    form.supplier_id.choices = services.supplier_choices(
        current_user.company_id, purchase.supplier_id if purchase else None
    )


def posted_form():
    """The posted form, with a line added or removed first when that was asked."""
    action = line_editor.editor_action()
    if action:
        return PurchaseInvoiceForm(formdata=line_editor.edited_formdata(action)), action
    return PurchaseInvoiceForm(), None


def number_message(form, number):
    supplier = dict(form.supplier_id.choices).get(
        form.supplier_id.data, "This supplier"
    )
    return f"{supplier} already has an invoice numbered {number}."


def save_or_rerender(form, purchase, action, template):
    """Validate and save, or show the form again with every message in place."""
    bind_form(form, purchase if purchase.id else None)
    if action is None and request.method == "POST":
        valid = form.validate() & line_editor.validate_line_codes(form)
        number = (form.number.data or "").strip()
        supplier_id = form.supplier_id.data
        if (
            number
            and supplier_id
            and services.number_taken(
                current_user.company_id, supplier_id, number, purchase.id
            )
        ):
            form.number.errors.append(number_message(form, number))
            valid = False
        if valid:
            is_new = purchase.id is None
            services.save_purchase(purchase, form)
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                if is_new:
                    purchase.id = None  # the INSERT was rolled back
                form.number.errors.append(number_message(form, number))
            else:
                flash(f"Purchase invoice {purchase.number} saved.", "success")
                return redirect(
                    url_for("purchases.show", purchase_invoice_id=purchase.id)
                )
    return render_template(
        template,
        form=form,
        purchase=purchase,
        lines_url=url_for("purchases.lines"),
        totals=line_editor.preview(form),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Enter a supplier's invoice as a draft."""
    company_id = current_user.company_id
    if request.method == "POST":
        form, action = posted_form()
    else:
        form, action = PurchaseInvoiceForm(), None
        form.issue_date.data = date.today()
        form.due_date.data = date.today() + timedelta(days=30)
        supplier_id = request.args.get("supplier_id", type=int)
        if supplier_id:
            form.supplier_id.data = Supplier.get_owned_or_404(
                company_id, supplier_id
            ).id
    purchase = PurchaseInvoice(company_id=company_id, status=PurchaseInvoice.DRAFT)
    return save_or_rerender(form, purchase, action, "purchases/form.html")


@bp.route("/lines", methods=["POST"])
def lines():
    """The lines editor's htmx reply: lines added or removed, or fresh totals."""
    form, action = posted_form()
    bind_form(form)
    which = "lines" if action or request.form.get("which") != "totals" else "totals"
    return line_editor.render_lines(form, url_for("purchases.lines"), which)


@bp.route("/<int:purchase_invoice_id>")
def show(purchase_invoice_id):
    """One purchase invoice with its lines and actions."""
    purchase = PurchaseInvoice.get_owned_or_404(
        current_user.company_id, purchase_invoice_id
    )
    return render_template(
        "purchases/show.html", purchase=purchase, can_edit=services.can_edit(purchase)
    )


@bp.route("/<int:purchase_invoice_id>/edit", methods=["GET", "POST"])
def edit(purchase_invoice_id):
    """Correct a draft or approved purchase invoice; void ones are kept as they are."""
    purchase = PurchaseInvoice.get_owned_or_404(
        current_user.company_id, purchase_invoice_id
    )
    if not services.can_edit(purchase):
        flash(
            f"Purchase invoice {purchase.number} is void and cannot be edited.",
            "warning",
        )
        return redirect(url_for("purchases.show", purchase_invoice_id=purchase.id))
    if request.method == "POST":
        form, action = posted_form()
    else:
        form, action = PurchaseInvoiceForm(obj=purchase), None
        line_editor.lines_from_document(form, purchase)
    return save_or_rerender(form, purchase, action, "purchases/form.html")


@bp.route("/<int:purchase_invoice_id>/approve", methods=["POST"])
def approve(purchase_invoice_id):
    """Approve a draft: it is checked and ready for the CSV export."""
    purchase = PurchaseInvoice.get_owned_or_404(
        current_user.company_id, purchase_invoice_id
    )
    error = services.approve(purchase)
    if error:
        flash(error, "error")
    else:
        db.session.commit()
        flash(f"Purchase invoice {purchase.number} approved.", "success")
    return redirect(url_for("purchases.show", purchase_invoice_id=purchase.id))


@bp.route("/<int:purchase_invoice_id>/void", methods=["POST"])
def void(purchase_invoice_id):
    """Void a purchase invoice; it stays on file with its number."""
    purchase = PurchaseInvoice.get_owned_or_404(
        current_user.company_id, purchase_invoice_id
    )
    error = services.void(purchase)
    if error:
        flash(error, "error")
    else:
        db.session.commit()
        flash(f"Purchase invoice {purchase.number} voided.", "success")
    return redirect(url_for("purchases.show", purchase_invoice_id=purchase.id))
