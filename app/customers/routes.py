"""Customers: list, add, edit, switch off and on, delete if nothing refers to them."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.customers import services as contacts
from app.customers.forms import ContactForm
from app.extensions import db
from app.models import CreditNote, Customer, SalesInvoice
from app.web import render_page

bp = Blueprint("customers", __name__, url_prefix="/customers")

RECENT = 10


@bp.route("/")
def index():
    """List customers, searched as you type and filtered by active or not."""
    q, show = contacts.list_args()
    pagination = contacts.contact_page(Customer, current_user.company_id, q, show)
    outstanding = contacts.outstanding_by_customer(
        current_user.company_id, [c.id for c in pagination.items]
    )
    return render_page(
        "customers/index.html",
        "customers/_table.html",
        "customer-table",
        pagination=pagination,
        outstanding=outstanding,
        q=q,
        show=show,
        filters=contacts.FILTERS,
    )


def documents_of(customer):
    """A phrase like "2 invoices and 1 credit note", or "" when there are none."""
    return contacts.describe(
        (contacts.count_rows(SalesInvoice.customer_id, customer.id), "invoice"),
        (contacts.count_rows(CreditNote.customer_id, customer.id), "credit note"),
    )


def form_page(customer):
    """Save the posted form and go back to the list, or show the form."""
    form = ContactForm(obj=customer if customer.id else None)
    if request.method == "POST" and contacts.save_contact(customer, form):
        flash(f"Customer {customer.name} saved.", "success")
        return redirect(url_for(".index"))
    invoices, documents = [], ""
    if customer.id:
        invoices = db.session.scalars(
            SalesInvoice.for_company(current_user.company_id)
            .where(SalesInvoice.customer_id == customer.id)
            .options(
                sa.orm.selectinload(SalesInvoice.payments),
                sa.orm.selectinload(SalesInvoice.credit_notes),
            )
            .order_by(SalesInvoice.issue_date.desc(), SalesInvoice.id.desc())
            .limit(RECENT)
        ).all()
        documents = documents_of(customer)
    return render_template(
        "customers/form.html",
        form=form,
        customer=customer,
        invoices=invoices,
        documents=documents,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a customer."""
    return form_page(Customer(company_id=current_user.company_id))


@bp.route("/<int:customer_id>/edit", methods=["GET", "POST"])
def edit(customer_id):
    """Edit a customer; their latest invoices are listed below the form."""
    return form_page(Customer.get_owned_or_404(current_user.company_id, customer_id))


@bp.route("/<int:customer_id>/deactivate", methods=["POST"])
def deactivate(customer_id):
    """Hide a customer from new invoices; their history stays."""
    customer = Customer.get_owned_or_404(current_user.company_id, customer_id)
    contacts.set_active(customer, False, "Customer")
    return redirect(url_for(".edit", customer_id=customer.id))


@bp.route("/<int:customer_id>/reactivate", methods=["POST"])
def reactivate(customer_id):
    """Offer a customer on new invoices again."""
    customer = Customer.get_owned_or_404(current_user.company_id, customer_id)
    contacts.set_active(customer, True, "Customer")
    return redirect(url_for(".edit", customer_id=customer.id))


@bp.route("/<int:customer_id>/delete", methods=["POST"])
def delete(customer_id):
    """Delete a customer who has no invoices or credit notes."""
    customer = Customer.get_owned_or_404(current_user.company_id, customer_id)
    if contacts.delete_contact(customer, "Customer", documents_of(customer)):
        return redirect(url_for(".index"))
    return redirect(url_for(".edit", customer_id=customer_id))
