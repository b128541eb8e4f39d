"""CSV uploads kept between their preview and the user's confirmation."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import CompanyOwned, utcnow

KEEP_FOR = timedelta(days=1)


def expiry():
    return utcnow() + KEEP_FOR


class ImportUpload(CompanyOwned, db.Model):
    """One uploaded file: where it is stored, how it reads, what became of it."""

    __tablename__ = "import_uploads"

    PREVIEWED = "previewed"
    IMPORTED = "imported"
    STATUSES = (PREVIEWED, IMPORTED)

    id: Mapped[int] = mapped_column(primary_key=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(30))
    file_name: Mapped[str] = mapped_column(sa.String(255), default="")
    stored_name: Mapped[str] = mapped_column(sa.String(100))
    encoding: Mapped[str] = mapped_column(sa.String(20))
    delimiter: Mapped[str] = mapped_column(sa.String(1))
    status: Mapped[str] = mapped_column(sa.String(10), default=PREVIEWED, index=True)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_valid: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    imported_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=expiry
    )

    @property
    def is_imported(self):
        return self.status == self.IMPORTED

    @property
    def is_expired(self):
        expires = self.expires_at
        if expires.tzinfo is None:  # SQLite hands back naive UTC
            expires = expires.replace(tzinfo=utcnow().tzinfo)
        return expires <= utcnow()
