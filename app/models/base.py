"""Column helpers and the company scope shared by every model."""

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.extensions import db


def utcnow():
    return datetime.now(UTC)


Money = sa.Numeric(14, 2)
MAX_ID = 2**63  # BIGINT; larger numbers overflow SQLite and PostgreSQL drivers


class CompanyOwned:
    """A row that belongs to one company; queries go through for_company()."""

    @declared_attr
    def company_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey("companies.id"), index=True)

    @declared_attr
    def company(cls):
        return relationship("Company")

    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow
    )

    @classmethod
    def for_company(cls, company_id):
        """A select of this model limited to one company's rows."""
        return sa.select(cls).where(cls.company_id == company_id)

    @classmethod
    def owned_exists(cls, company_id, row_id):
        """Whether the company has a row with this id (a valid id: see MAX_ID)."""
        return db.session.scalar(
            sa.select(sa.exists().where(cls.company_id == company_id, cls.id == row_id))
        )

    @classmethod
    def get_owned_or_404(cls, company_id, row_id):
        """The row with this id if the company owns it; 404 otherwise, never 403."""
        if not isinstance(row_id, int) or not 0 < row_id < MAX_ID:
            abort(404)  # ids from forms can be anything; the database must not see them
        row = db.session.scalar(cls.for_company(company_id).where(cls.id == row_id))
        if row is None:
            abort(404)
        return row
