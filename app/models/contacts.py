"""Customers we invoice and suppliers who invoice us."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import CompanyOwned, utcnow


class Contact(CompanyOwned):
    """Name, contact details and a billing address."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    address_line1: Mapped[str] = mapped_column(sa.String(200), default="")
    address_line2: Mapped[str] = mapped_column(sa.String(200), default="")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    postcode: Mapped[str] = mapped_column(sa.String(20), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="GB")
    account_number: Mapped[str | None] = mapped_column(sa.String(50))
    active: Mapped[bool] = mapped_column(default=True)
    updated_at = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    @property
    def address_lines(self):
        parts = [self.address_line1, self.address_line2, self.city, self.postcode]
        return [p for p in parts if p]


class Customer(Contact, db.Model):
    __tablename__ = "customers"
    __table_args__ = (
        sa.UniqueConstraint("company_id", "account_number"),
        # A deleted customer's id is never given to a new one: links to the
        # package are kept by id (SQLite would otherwise reuse the highest).
        {"sqlite_autoincrement": True},
    )


class Supplier(Contact, db.Model):
    __tablename__ = "suppliers"
    __table_args__ = (sa.UniqueConstraint("company_id", "account_number"),)
