"""Suppliers: list, add, edit, switch off and on, delete if nothing refers to them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.customers import services as contacts
from app.customers.forms import ContactForm
from app.extensions import db
from app.models import PurchaseInvoice, Supplier
from app.web import render_page

bp = Blueprint("suppliers", __name__, url_prefix="/suppliers")

RECENT = 10


@bp.route("/")
def index():
    """List suppliers, searched as you type and filtered by active or not."""
    q, show = contacts.list_args()
    return render_page(
        "suppliers/index.html",
        "suppliers/_table.html",
        "supplier-table",
        pagination=contacts.contact_page(Supplier, current_user.company_id, q, show),
        q=q,
        show=show,
        filters=contacts.FILTERS,
    )


def documents_of(supplier):
    """A phrase like "3 purchase invoices", or "" when there are none."""
    return contacts.describe(
        (
            contacts.count_rows(PurchaseInvoice.supplier_id, supplier.id),
            "purchase invoice",
        ),
    )


def form_page(supplier):
    """Save the posted form and go back to the list, or show the form."""
    form = ContactForm(obj=supplier if supplier.id else None)
    if request.method == "POST" and contacts.save_contact(supplier, form):
        flash(f"Supplier {supplier.name} saved.", "success")
        return redirect(url_for(".index"))
    bills, documents = [], ""
    if supplier.id:
        bills = db.session.scalars(
            PurchaseInvoice.for_company(current_user.company_id)
            .where(PurchaseInvoice.supplier_id == supplier.id)
            .order_by(PurchaseInvoice.issue_date.desc(), PurchaseInvoice.id.desc())
            .limit(RECENT)
        ).all()
        documents = documents_of(supplier)
    return render_template(
        "suppliers/form.html",
        form=form,
        supplier=supplier,
        bills=bills,
        documents=documents,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a supplier."""
    return form_page(Supplier(company_id=current_user.company_id))


@bp.route("/<int:supplier_id>/edit", methods=["GET", "POST"])
def edit(supplier_id):
    """Edit a supplier; their latest purchase invoices are listed below the form."""
    return form_page(Supplier.get_owned_or_404(current_user.company_id, supplier_id))


@bp.route("/<int:supplier_id>/deactivate", methods=["POST"])
def deactivate(supplier_id):
    """Hide a supplier from new purchase invoices; their history stays."""
    supplier = Supplier.get_owned_or_404(current_user.company_id, supplier_id)
    contacts.set_active(supplier, False, "Supplier")
    return redirect(url_for(".edit", supplier_id=supplier.id))


@bp.route("/<int:supplier_id>/reactivate", methods=["POST"])
def reactivate(supplier_id):
    """Offer a supplier on new purchase invoices again."""
    supplier = Supplier.get_owned_or_404(current_user.company_id, supplier_id)
    contacts.set_active(supplier, True, "Supplier")
    return redirect(url_for(".edit", supplier_id=supplier.id))


@bp.route("/<int:supplier_id>/delete", methods=["POST"])
def delete(supplier_id):
    """Delete a supplier who has no purchase invoices."""
    supplier = Supplier.get_owned_or_404(current_user.company_id, supplier_id)
    if contacts.delete_contact(supplier, "Supplier", documents_of(supplier)):
        return redirect(url_for(".index"))
    return redirect(url_for(".edit", supplier_id=supplier_id))
