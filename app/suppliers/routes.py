"""Suppliers: the shared contact views, plus the purchase invoices they send us."""

from flask import Blueprint
from flask_login import current_user

from app.customers import services
from app.customers.views import RECENT, ContactViews
from app.extensions import db
from app.models import PurchaseInvoice, Supplier

bp = Blueprint("suppliers", __name__, url_prefix="/suppliers")


class SupplierViews(ContactViews):
    """Suppliers send us purchase invoices; their list has no extra column."""

    model = Supplier
    noun = "supplier"
    doc_name = "purchase invoices"

    def documents_of(self, supplier):
        """A phrase like "3 purchase invoices", or "" when there are none."""
        return services.describe(
            (
                services.count_rows(PurchaseInvoice.supplier_id, supplier.id),
                "purchase invoice",
            ),
        )

    def recent_documents(self, supplier):
        """Their latest purchase invoices."""
        return db.session.scalars(
            PurchaseInvoice.for_company(current_user.company_id)
            .where(PurchaseInvoice.supplier_id == supplier.id)
            .order_by(PurchaseInvoice.issue_date.desc(), PurchaseInvoice.id.desc())
            .limit(RECENT)
        ).all()


SupplierViews().register(bp)
