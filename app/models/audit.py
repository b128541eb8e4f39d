"""The audit trail: who changed what reaches the accounts package, or who can act."""

import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import utcnow


class AuditEntry(db.Model):
    """One action, written with the change it describes and never edited after."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        # The page reads one company's entries newest first, optionally by kind
        # or person: these keep a page cheap at a million rows.
        sa.Index("ix_audit_entries_company_newest", "company_id", "id"),
        sa.Index("ix_audit_entries_company_kind", "company_id", "kind", "id"),
        sa.Index("ix_audit_entries_company_actor", "company_id", "actor_id", "id"),
        sa.Index("ix_audit_entries_actor_kind", "company_id", "actor_id", "kind", "id"),
    )

    SIGNED_IN = "signed_in"
    SIGN_IN_FAILED = "sign_in_failed"
    LOCKED_OUT = "locked_out"
    SIGNED_OUT = "signed_out"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    CREDENTIALS_SAVED = "credentials_saved"
    OPTIONS_CHANGED = "options_changed"
    SYNC_STARTED = "sync_started"
    RETRY_STARTED = "retry_started"
    EXCLUDED = "excluded"
    INCLUDED = "included"
    USER_ADDED = "user_added"
    USER_CHANGED = "user_changed"
    ROLE_CHANGED = "role_changed"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an event name, not a secret
    KEY_ROTATED = "key_rotated"
    KIND_LABELS = {
        SIGNED_IN: "Signed in",
        SIGN_IN_FAILED: "Failed sign-in",
        LOCKED_OUT: "Sign-in locked out",
        SIGNED_OUT: "Signed out",
        CONNECTED: "Package connected",
        DISCONNECTED: "Package disconnected",
        CREDENTIALS_SAVED: "App credentials saved",
        OPTIONS_CHANGED: "Sync options changed",
        SYNC_STARTED: "Save & Sync",
        RETRY_STARTED: "Retry failed items",
        EXCLUDED: "Don't send",
        INCLUDED: "Send again",
        USER_ADDED: "User added",
        USER_CHANGED: "User changed",
        ROLE_CHANGED: "Role changed",
        PASSWORD_RESET: "Password reset",
        KEY_ROTATED: "Encryption key rotated",
    }
    KINDS = tuple(KIND_LABELS)

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    # None for what belongs to no company: a failed sign-in for an unknown email.
    company_id: Mapped[int | None] = mapped_column(sa.ForeignKey("companies.id"))
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow
    )
    kind: Mapped[str] = mapped_column(sa.String(40))
    # The person, and their email as it was: a later rename must not rewrite history.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    actor_email: Mapped[str] = mapped_column(sa.String(254), default="")
    address: Mapped[str] = mapped_column(sa.String(45), default="")
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    details: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON: before/after

    @property
    def kind_label(self):
        return self.KIND_LABELS.get(self.kind, self.kind)

    @property
    def detail_dict(self):
        try:
            value = json.loads(self.details or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}
