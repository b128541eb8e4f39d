"""Sync runs, their items, the links between our records and the package's."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import CompanyOwned
from app.providers.registry import PROVIDER_NAMES
from app.sync.kinds import PUSHED, REQUESTS  # what a run is asked, named once there

# What a run can touch, in the order it touches them.
KINDS = (
    "tax_code",
    "nominal_code",
    "customer",
    "invoice",
    "credit_note",
    "allocation",
    "payment",
)
KIND_LABELS = {
    "tax_code": ("Tax code", "Tax codes"),
    "nominal_code": ("Nominal code", "Nominal codes"),
    "customer": ("Customer", "Customers"),
    "customer_pull": ("Customer from the package", "Customers from the package"),
    "invoice": ("Sales invoice", "Sales invoices"),
    "credit_note": ("Credit note", "Credit notes"),
    "allocation": ("Credit allocation", "Credit allocations"),
    "payment": ("Payment", "Payments"),
}


class SyncRun(CompanyOwned, db.Model):
    """One attempt to sync, whatever its end; the row the UI reads."""

    __tablename__ = "sync_runs"
    __table_args__ = (
        # One active run per company, enforced by the database itself.
        sa.Index(
            "uq_sync_runs_one_active",
            "company_id",
            unique=True,
            sqlite_where=sa.text("status IN ('queued', 'running')"),
            postgresql_where=sa.text("status IN ('queued', 'running')"),
        ),
        sa.Index("ix_sync_runs_company_created", "company_id", "created_at"),
    )

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    WITH_ERRORS = "completed_with_errors"
    FAILED = "failed"
    CANCELLED = "cancelled"
    ACTIVE = (QUEUED, RUNNING)
    ENDED = (SUCCEEDED, WITH_ERRORS, FAILED, CANCELLED)
    STATUS_LABELS = {
        QUEUED: "Queued",
        RUNNING: "Running",
        SUCCEEDED: "Succeeded",
        WITH_ERRORS: "Completed with errors",
        FAILED: "Failed",
        CANCELLED: "Cancelled",
    }
    TRIGGERS = ("manual", "retry", "schedule", "command", "resume")

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(24), default=QUEUED, index=True)
    trigger: Mapped[str] = mapped_column(sa.String(10), default="manual")
    started_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    retry_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sync_runs.id"))
    kinds: Mapped[str] = mapped_column(sa.String(200), default="")  # what was asked
    job_id: Mapped[str | None] = mapped_column(sa.String(64))
    started_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    progress: Mapped[str] = mapped_column(sa.Text, default="{}")  # kind: [done, total]
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    linked: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    error_code: Mapped[str | None] = mapped_column(sa.String(40))
    message: Mapped[str | None] = mapped_column(sa.Text)

    started_by = relationship("User")
    items = relationship(
        "SyncItem", back_populates="run", lazy="dynamic", passive_deletes=True
    )

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def kind_list(self):
        """The requests (REQUESTS keys) this run was asked for."""
        return [kind for kind in self.kinds.split(",") if kind in REQUESTS]

    @property
    def pushed_kinds(self):
        """The document kinds this run pushes."""
        return {
            kind
            for request in self.kind_list
            if request in PUSHED
            for kind in REQUESTS[request]
        }

    @property
    def status_label(self):
        return self.STATUS_LABELS.get(self.status, self.status)

    @property
    def provider_name(self):
        return PROVIDER_NAMES.get(self.provider, self.provider)


class SyncItem(db.Model):
    """One record's outcome in one run: what we did and, on failure, why."""

    __tablename__ = "sync_items"
    __table_args__ = (
        # Failed first, then the first succeeded by id: both walk this index.
        sa.Index("ix_sync_items_run_status", "run_id", "status", "id"),
        # The "12 invoices created" summary counts straight from the index.
        sa.Index("ix_sync_items_run_summary", "run_id", "status", "kind", "action"),
        sa.Index("ix_sync_items_record", "kind", "local_id"),
    )

    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"
    ACTIONS = (
        "created", "updated", "linked", "voided", "deleted", "unchanged",
        "deactivated", "skipped",
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sync_runs.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    local_id: Mapped[int | None]
    label: Mapped[str] = mapped_column(sa.String(250), default="")
    remote_id: Mapped[str | None] = mapped_column(sa.String(100))
    remote_url: Mapped[str | None] = mapped_column(sa.String(500))
    action: Mapped[str] = mapped_column(sa.String(12), default="skipped")
    status: Mapped[str] = mapped_column(sa.String(8), default=OK)
    error_code: Mapped[str | None] = mapped_column(sa.String(40))
    provider_message: Mapped[str | None] = mapped_column(sa.Text)  # their words
    note: Mapped[str | None] = mapped_column(sa.Text)  # ours, when we held it back
    request_id: Mapped[str | None] = mapped_column(sa.String(100))

    run = relationship("SyncRun", back_populates="items")

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, (self.kind, self.kind))[0]


class ExternalLink(CompanyOwned, db.Model):
    """Our record and the package's record are the same thing; what we last sent.

    state "pending" is written before a write goes out and cleared after its reply,
    so a run that died in between knows to look before sending again.
    """

    __tablename__ = "external_links"
    __table_args__ = (
        sa.UniqueConstraint("company_id", "provider", "kind", "local_id"),
        sa.Index("ix_external_links_remote", "company_id", "provider", "remote_id"),
    )

    LINKED = "linked"
    PENDING = "pending"
    VOIDED = "voided"  # ours was voided after it went, and theirs is void now

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(sa.String(20))
    kind: Mapped[str] = mapped_column(sa.String(20))
    local_id: Mapped[int]
    remote_id: Mapped[str | None] = mapped_column(sa.String(100))
    remote_url: Mapped[str | None] = mapped_column(sa.String(500))
    # QBO SyncToken and the sent fields' fingerprint: for updates after sending.
    version: Mapped[str | None] = mapped_column(sa.String(40))
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    state: Mapped[str] = mapped_column(sa.String(10), default=LINKED)
    pending_since: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    synced_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class SyncExclusion(CompanyOwned, db.Model):
    """Don't send: a record left out of every sync until someone re-enables it."""

    __tablename__ = "sync_exclusions"
    __table_args__ = (sa.UniqueConstraint("company_id", "kind", "local_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    local_id: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(250), default="")
    excluded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    excluded_by = relationship("User")
