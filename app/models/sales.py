"""Sales invoices, credit notes and payments: what the office bills and collects."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import CompanyOwned, Money
from app.models.documents import Document, LineItem
from app.money import ZERO


class SalesInvoice(Document, db.Model):
    __tablename__ = "sales_invoices"
    __table_args__ = (
        sa.UniqueConstraint("company_id", "number"),
        # The list's order, so a page is read from the index, not sorted each time.
        sa.Index("ix_sales_invoices_listed", "company_id", "issue_date", "id"),
    )
    NUMBER_PREFIX = "INV"

    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id"), index=True)
    due_date: Mapped[date]

    customer = relationship("Customer")
    lines = relationship(
        "SalesInvoiceLine",
        order_by="SalesInvoiceLine.position",
        cascade="all, delete-orphan",
        back_populates="invoice",
    )
    payments = relationship(
        "Payment", back_populates="invoice", order_by="Payment.payment_date"
    )
    credit_notes = relationship("CreditNote", back_populates="invoice")

    @property
    def amount_paid(self):
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def amount_credited(self):
        return sum((c.total for c in self.credit_notes if c.is_approved), ZERO)

    @property
    def amount_outstanding(self):
        if not self.is_approved:
            return ZERO
        return self.total - self.amount_paid - self.amount_credited

    @property
    def is_paid(self):
        return self.is_approved and self.amount_outstanding <= 0

    @property
    def is_overdue(self):
        return self.amount_outstanding > 0 and self.due_date < date.today()

    @property
    def can_edit(self):
        """Drafts always; approved ones until money or credit is set against them."""
        if self.is_draft:
            return True
        return (
            self.is_approved
            and not self.payments
            and not any(c.is_approved for c in self.credit_notes)
        )

    @property
    def void_blocker(self):
        """Why this invoice cannot be voided, or None."""
        if self.is_void:
            return "This invoice is already void."
        if self.payments:
            return "Payments are recorded against this invoice; remove them first."
        if any(c.is_approved for c in self.credit_notes):
            return "An approved credit note is set against this invoice; void it first."
        return None


class SalesInvoiceLine(LineItem, db.Model):
    __tablename__ = "sales_invoice_lines"

    invoice_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sales_invoices.id", ondelete="CASCADE"), index=True
    )
    invoice = relationship("SalesInvoice", back_populates="lines")


class CreditNote(Document, db.Model):
    __tablename__ = "credit_notes"
    __table_args__ = (
        sa.UniqueConstraint("company_id", "number"),
        sa.Index("ix_credit_notes_listed", "company_id", "issue_date", "id"),
    )
    NUMBER_PREFIX = "CN"

    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sales_invoices.id"), index=True
    )

    customer = relationship("Customer")
    invoice = relationship("SalesInvoice", back_populates="credit_notes")
    lines = relationship(
        "CreditNoteLine",
        order_by="CreditNoteLine.position",
        cascade="all, delete-orphan",
        back_populates="credit_note",
    )

    def credit_limit(self):
        """The most this note may credit: what is still outstanding on its invoice."""
        invoice = self.invoice
        if invoice is None:
            return None
        others = sum(
            (c.total for c in invoice.credit_notes if c.is_approved and c is not self),
            ZERO,
        )
        return invoice.total - invoice.amount_paid - others

    def limit_error(self):
        """A message when this note credits more than its invoice allows, else None."""
        limit = self.credit_limit()
        if limit is None or self.total <= limit:
            return None
        from app.money import format_money

        return (
            f"This credit note totals {format_money(self.total)} but only "
            f"{format_money(max(limit, ZERO))} is left to credit on invoice "
            f"{self.invoice.number}."
        )


class CreditNoteLine(LineItem, db.Model):
    __tablename__ = "credit_note_lines"

    credit_note_id: Mapped[int] = mapped_column(
        sa.ForeignKey("credit_notes.id", ondelete="CASCADE"), index=True
    )
    credit_note = relationship("CreditNote", back_populates="lines")


class Payment(CompanyOwned, db.Model):
    __tablename__ = "payments"
    __table_args__ = (
        sa.Index("ix_payments_listed", "company_id", "payment_date", "id"),
        # Never reuse a deleted payment's id: its link to the package is kept so
        # the next sync can delete it there (SQLite would reuse the highest id).
        {"sqlite_autoincrement": True},
    )

    METHODS = {
        "bank_transfer": "Bank transfer",
        "card": "Card",
        "cash": "Cash",
        "cheque": "Cheque",
        "direct_debit": "Direct debit",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sales_invoices.id"), index=True
    )
    payment_date: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(Money)
    method: Mapped[str] = mapped_column(sa.String(20), default="bank_transfer")
    reference: Mapped[str] = mapped_column(sa.String(200), default="")

    invoice = relationship("SalesInvoice", back_populates="payments")

    @property
    def method_label(self):
        return self.METHODS.get(self.method, self.method)
