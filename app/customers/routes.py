"""Customers: the shared contact views, plus their invoices and what they owe."""

import sqlalchemy as sa
from flask import Blueprint
from flask_login import current_user

from app.customers import services
from app.customers.views import RECENT, ContactViews
from app.extensions import db
from app.models import CreditNote, Customer, SalesInvoice

bp = Blueprint("customers", __name__, url_prefix="/customers")


class CustomerViews(ContactViews):
    """Customers are invoiced, so the list shows what each still owes."""

    model = Customer
    noun = "customer"
    doc_name = "invoices"

    def list_context(self, customers):
        """What each customer on this page still owes."""
        ids = [customer.id for customer in customers]
        return {
            "outstanding": services.outstanding_by_customer(
                current_user.company_id, ids
            )
        }

    def documents_of(self, customer):
        """A phrase like "2 invoices and 1 credit note", or "" when there are none."""
        return services.describe(
            (services.count_rows(SalesInvoice.customer_id, customer.id), "invoice"),
            (services.count_rows(CreditNote.customer_id, customer.id), "credit note"),
        )

    def recent_documents(self, customer):
        """Their latest invoices, loaded with what is needed to show the balance."""
        return db.session.scalars(
            SalesInvoice.for_company(current_user.company_id)
            .where(SalesInvoice.customer_id == customer.id)
            .options(
                sa.orm.selectinload(SalesInvoice.payments),
                sa.orm.selectinload(SalesInvoice.credit_notes),
            )
            .order_by(SalesInvoice.issue_date.desc(), SalesInvoice.id.desc())
            .limit(RECENT)
        ).all()


CustomerViews().register(bp)
