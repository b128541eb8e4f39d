"""The Xero emulator's tables: organisations, OAuth state, documents, limits."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from sandbox.storage import sandbox_db

TZ_DATETIME = sa.DateTime(timezone=True)


class XeroOrganisation(sandbox_db.Model):
    """One tenant; `data` holds the Organisation fields Xero returns."""

    __tablename__ = "xero_organisations"

    tenant_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    position: Mapped[int] = mapped_column(default=0)
    period_lock_date: Mapped[str | None] = mapped_column(sa.String(10))
    end_of_year_lock_date: Mapped[str | None] = mapped_column(sa.String(10))
    next_invoice_number: Mapped[int] = mapped_column(default=1)
    next_credit_note_number: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(TZ_DATETIME)
    data: Mapped[str] = mapped_column(sa.Text, default="{}")


class XeroRecord(sandbox_db.Model):
    """One Xero object (contact, invoice, credit note, payment, account, tax rate).

    The object lives as JSON in `data`; the columns are what queries and
    uniqueness rules need. `unique_key` is set only while a rule applies (an
    active contact's name, an ACCREC invoice number), so the index enforces it.
    """

    __tablename__ = "xero_records"
    __table_args__ = (
        sa.UniqueConstraint("tenant_id", "kind", "unique_key"),
        sa.Index("ix_xero_records_lookup", "tenant_id", "kind", "seq"),
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(sa.String(36))
    kind: Mapped[str] = mapped_column(sa.String(16))
    seq: Mapped[int] = mapped_column(default=0)
    number: Mapped[str | None] = mapped_column(sa.String(255), index=True)
    name_key: Mapped[str | None] = mapped_column(sa.String(255))
    unique_key: Mapped[str | None] = mapped_column(sa.String(300))
    status: Mapped[str] = mapped_column(sa.String(16), default="")
    updated_at: Mapped[datetime] = mapped_column(TZ_DATETIME)
    data: Mapped[str] = mapped_column(sa.Text, default="{}")


class XeroConnection(sandbox_db.Model):
    """A tenant the user connected to a client app (GET /connections)."""

    __tablename__ = "xero_connections"
    __table_args__ = (sa.UniqueConstraint("client_id", "tenant_id"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.String(100))
    tenant_id: Mapped[str] = mapped_column(sa.String(36))
    auth_event_id: Mapped[str] = mapped_column(sa.String(36))
    created_at: Mapped[datetime] = mapped_column(TZ_DATETIME)
    updated_at: Mapped[datetime] = mapped_column(TZ_DATETIME)


class XeroAuthCode(sandbox_db.Model):
    """An authorization code: single use, five minutes."""

    __tablename__ = "xero_auth_codes"

    code: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.String(100))
    redirect_uri: Mapped[str] = mapped_column(sa.String(2000))
    scope: Mapped[str] = mapped_column(sa.Text)
    code_challenge: Mapped[str | None] = mapped_column(sa.String(200))
    code_challenge_method: Mapped[str | None] = mapped_column(sa.String(10))
    auth_event_id: Mapped[str] = mapped_column(sa.String(36))
    expires_at: Mapped[datetime] = mapped_column(TZ_DATETIME)
    used_at: Mapped[datetime | None] = mapped_column(TZ_DATETIME)


class XeroToken(sandbox_db.Model):
    """An access or refresh token, stored by its SHA-256."""

    __tablename__ = "xero_tokens"

    digest: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(8))  # access | refresh
    client_id: Mapped[str] = mapped_column(sa.String(100))
    auth_event_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    scope: Mapped[str] = mapped_column(sa.Text)
    issued_at: Mapped[datetime] = mapped_column(TZ_DATETIME)
    expires_at: Mapped[datetime] = mapped_column(TZ_DATETIME)
    rotated_at: Mapped[datetime | None] = mapped_column(TZ_DATETIME)
    revoked: Mapped[bool] = mapped_column(default=False)


class XeroIdempotentReply(sandbox_db.Model):
    """The first reply to an Idempotency-Key, replayed for six minutes."""

    __tablename__ = "xero_idempotency"
    __table_args__ = (sa.UniqueConstraint("client_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.String(100))
    key: Mapped[str] = mapped_column(sa.String(128))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[int] = mapped_column(default=0)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(TZ_DATETIME)


class XeroCallCount(sandbox_db.Model):
    """Calls in one fixed rate-limit window (minute, day, app minute)."""

    __tablename__ = "xero_call_counts"
    __table_args__ = (sa.UniqueConstraint("scope", "window", "started"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(sa.String(140))
    window: Mapped[str] = mapped_column(sa.String(10))
    started: Mapped[int] = mapped_column(sa.BigInteger)
    count: Mapped[int] = mapped_column(default=0)


class XeroCallInFlight(sandbox_db.Model):
    """A call being served, for the five-at-once limit across processes."""

    __tablename__ = "xero_calls_in_flight"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    started: Mapped[float] = mapped_column()


class XeroSetting(sandbox_db.Model):
    """Emulator-wide settings, such as the clock offset tests advance."""

    __tablename__ = "xero_settings"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text, default="")
