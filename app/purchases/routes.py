"""Purchase invoices: list, create, edit, approve and void supplier bills."""

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user

from app.documents import list_page
from app.models import PurchaseInvoice, Supplier
from app.purchases import services
from app.purchases.editor import PurchaseEditor

bp = Blueprint("purchases", __name__, url_prefix="/purchases")


@bp.route("/")
def index():
    """List purchase invoices by status, searched by number, reference or supplier."""
    query = (
        PurchaseInvoice.for_company(current_user.company_id)
        .join(Supplier)
        .options(sa.orm.contains_eager(PurchaseInvoice.supplier))
    )
    search = (PurchaseInvoice.number, PurchaseInvoice.reference, Supplier.name)
    return list_page(query, PurchaseInvoice, search, "purchases", "purchase-table")


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Enter a supplier's invoice as a draft."""
    editor = PurchaseEditor.draft()
    return editor.save_or_rerender(*editor.load_form())


@bp.route("/lines", methods=["POST"])
def lines():
    """The lines editor's htmx reply: lines added or removed, or fresh totals."""
    return PurchaseEditor().lines_response()


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
    editor = PurchaseEditor.owned(purchase_invoice_id)
    if not services.can_edit(editor.document):
        number = editor.document.number
        return editor.back_to_show(
            f"Purchase invoice {number} is void and cannot be edited."
        )
    return editor.save_or_rerender(*editor.load_form())


@bp.route("/<int:purchase_invoice_id>/approve", methods=["POST"])
def approve(purchase_invoice_id):
    """Approve a draft: it is checked and ready for the CSV export."""
    editor = PurchaseEditor.owned(purchase_invoice_id)
    return editor.transition(services.approve, "approved")


@bp.route("/<int:purchase_invoice_id>/void", methods=["POST"])
def void(purchase_invoice_id):
    """Void a purchase invoice; it stays on file with its number."""
    return PurchaseEditor.owned(purchase_invoice_id).transition(services.void, "voided")
