"""Tax codes and nominal codes: local until an accounts package becomes their master."""

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import CompanyOwned

SOURCES = ("local", "xero", "quickbooks")


class TaxCode(CompanyOwned, db.Model):
    __tablename__ = "tax_codes"
    __table_args__ = (sa.UniqueConstraint("company_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    code: Mapped[str] = mapped_column(sa.String(40))
    rate: Mapped[Decimal] = mapped_column(sa.Numeric(7, 4))  # percent, e.g. 20.0000
    active: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str] = mapped_column(sa.String(12), default="local")
    # Where the package lets the rate be used (Xero's CanApplyToRevenue/Expenses,
    # QuickBooks' sales and purchase rate lists); our own codes fit both.
    sales: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    purchases: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    @property
    def label(self):
        return f"{self.name} ({self.rate.normalize():f}%)"

    def fits(self, use):
        """True when the rate may go on a document of `use` ("sales", "purchases")."""
        return bool(getattr(self, use, True))


class NominalCode(CompanyOwned, db.Model):
    __tablename__ = "nominal_codes"
    __table_args__ = (sa.UniqueConstraint("company_id", "code"),)

    TYPES = ("revenue", "expense", "asset", "liability", "equity", "bank")

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(150))
    type: Mapped[str] = mapped_column(sa.String(10))
    active: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str] = mapped_column(sa.String(12), default="local")

    @property
    def label(self):
        return f"{self.code} {self.name}"
