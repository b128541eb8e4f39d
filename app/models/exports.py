"""CSV exports: what was asked for, how far it got, and the file it left."""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import CompanyOwned, utcnow


class Export(CompanyOwned, db.Model):
    """One export; the row the exports page reads, kept until expires_at."""

    __tablename__ = "exports"
    __table_args__ = (sa.Index("ix_exports_company_created", "company_id", "id"),)

    QUEUED = "queued"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"
    ACTIVE = (QUEUED, RUNNING)
    STATUS_LABELS = {
        QUEUED: "Queued",
        RUNNING: "Running",
        READY: "Ready",
        FAILED: "Failed",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    format: Mapped[str] = mapped_column(sa.String(20))
    filters: Mapped[str] = mapped_column(sa.Text, default="{}")
    status: Mapped[str] = mapped_column(sa.String(10), default=QUEUED, index=True)
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int] = mapped_column(default=0)
    not_exported: Mapped[int] = mapped_column(default=0)  # records left out, with why
    file_name: Mapped[str] = mapped_column(sa.String(200), default="")
    stored_name: Mapped[str | None] = mapped_column(sa.String(100))
    size_bytes: Mapped[int | None] = mapped_column(sa.BigInteger)
    message: Mapped[str | None] = mapped_column(sa.Text)
    job_id: Mapped[str | None] = mapped_column(sa.String(64))
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    requested_by = relationship("User")

    @property
    def filter_values(self):
        """The filters as a dict; a damaged value reads as no filters."""
        try:
            values = json.loads(self.filters or "{}")
        except ValueError:
            return {}
        return values if isinstance(values, dict) else {}

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def expires(self):
        """expires_at, timezone-aware whatever the database handed back."""
        moment = self.expires_at
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment

    @property
    def is_expired(self):
        return self.expires <= utcnow()

    @property
    def status_label(self):
        return self.STATUS_LABELS.get(self.status, self.status)

    @property
    def percent(self):
        if not self.rows_total:
            return 0
        return min(100, int(self.rows_done * 100 / self.rows_total))
