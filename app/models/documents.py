"""What sales invoices, credit notes and purchase invoices share: lines and totals."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.models.base import CompanyOwned, Money, utcnow
from app.money import ZERO, round_money, whole_number


def line_amounts(quantity, unit_price, tax_rate):
    """Net and tax of one line, each rounded half-up to the penny on the line."""
    net = round_money(Decimal(quantity) * Decimal(unit_price))
    tax = round_money(net * Decimal(tax_rate or 0) / 100)
    return net, tax


class LineItem:
    """One line of a document; net and tax are stored as rounded on the line."""

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(sa.String(500))
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(12, 4))
    unit_price: Mapped[Decimal] = mapped_column(sa.Numeric(14, 4))
    net_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    tax_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)

    @declared_attr
    def nominal_code_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey("nominal_codes.id"))

    @declared_attr
    def tax_code_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey("tax_codes.id"))

    @declared_attr
    def nominal_code(cls):
        return relationship("NominalCode")

    @declared_attr
    def tax_code(cls):
        return relationship("TaxCode")

    def recalculate(self):
        self.net_amount, self.tax_amount = line_amounts(
            self.quantity, self.unit_price, self.tax_code.rate
        )

    @property
    def gross_amount(self):
        return self.net_amount + self.tax_amount


class Document(CompanyOwned):
    """A numbered document with lines whose totals are the sums of its lines."""

    DRAFT = "draft"
    APPROVED = "approved"
    VOID = "void"
    STATUSES = (DRAFT, APPROVED, VOID)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(40))
    issue_date: Mapped[date]
    reference: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(10), default=DRAFT, index=True)
    net_total: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    tax_total: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    total: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    approved_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    updated_at = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    def recalculate(self):
        """Round each line, then total the rounded lines."""
        for line in self.lines:
            line.recalculate()
        self.net_total = sum((line.net_amount for line in self.lines), ZERO)
        self.tax_total = sum((line.tax_amount for line in self.lines), ZERO)
        self.total = self.net_total + self.tax_total

    @property
    def is_draft(self):
        return self.status == self.DRAFT

    @property
    def is_approved(self):
        return self.status == self.APPROVED

    @property
    def is_void(self):
        return self.status == self.VOID

    @classmethod
    def next_number(cls, session, company_id, prefix):
        """The next free number in the company's PREFIX-00001 sequence."""
        numbers = session.scalars(
            sa.select(cls.number).where(
                cls.company_id == company_id, cls.number.like(f"{prefix}-%")
            )
        )
        highest = 0
        for number in numbers:
            # ASCII digits only: "²".isdigit() is True, and int("²") raises.
            tail = whole_number(number[len(prefix) + 1 :], digits=40)
            if tail is not None:
                highest = max(highest, tail)
        return f"{prefix}-{highest + 1:05d}"
