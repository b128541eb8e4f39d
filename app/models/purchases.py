"""Purchase invoices from suppliers; they leave by CSV, never by live sync."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.documents import Document, LineItem


class PurchaseInvoice(Document, db.Model):
    __tablename__ = "purchase_invoices"
    # Suppliers number their own invoices, so the number is unique per supplier.
    __table_args__ = (
        sa.UniqueConstraint("company_id", "supplier_id", "number"),
        sa.Index("ix_purchase_invoices_listed", "company_id", "issue_date", "id"),
    )

    supplier_id: Mapped[int] = mapped_column(sa.ForeignKey("suppliers.id"), index=True)
    due_date: Mapped[date]

    supplier = relationship("Supplier")
    lines = relationship(
        "PurchaseInvoiceLine",
        order_by="PurchaseInvoiceLine.position",
        cascade="all, delete-orphan",
        back_populates="purchase_invoice",
    )


class PurchaseInvoiceLine(LineItem, db.Model):
    __tablename__ = "purchase_invoice_lines"

    purchase_invoice_id: Mapped[int] = mapped_column(
        sa.ForeignKey("purchase_invoices.id", ondelete="CASCADE"), index=True
    )
    purchase_invoice = relationship("PurchaseInvoice", back_populates="lines")
