"""QuickBooks Online sandbox tables: companies, OAuth grants, entities, counters."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from sandbox.storage import sandbox_db, utcnow


class QboCompany(sandbox_db.Model):
    """One QuickBooks company (realm) a client can be authorised for."""

    __tablename__ = "qbo_companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    realm_id: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(2), default="GB")
    # "Close the books" date: transactions dated on or before it are refused (6210).
    book_close_date: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow
    )


class QboAuthCode(sandbox_db.Model):
    """An authorization code handed to the redirect URI; single use."""

    __tablename__ = "qbo_auth_codes"

    code: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.String(100))
    redirect_uri: Mapped[str] = mapped_column(sa.String(500))
    realm_id: Mapped[str] = mapped_column(sa.String(32))
    scope: Mapped[str] = mapped_column(sa.String(500))
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used: Mapped[bool] = mapped_column(default=False)


class QboToken(sandbox_db.Model):
    """An access or refresh token; a grant ties the tokens of one connection."""

    __tablename__ = "qbo_tokens"

    ACCESS = "access"
    REFRESH = "refresh"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(8))
    grant: Mapped[str] = mapped_column(sa.String(64), index=True)
    client_id: Mapped[str] = mapped_column(sa.String(100))
    realm_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    scope: Mapped[str] = mapped_column(sa.String(500))
    issued_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow
    )
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(default=False)


class QboEntity(sandbox_db.Model):
    """One QBO entity; the JSON body plus the columns rules query and enforce."""

    __tablename__ = "qbo_entities"
    __table_args__ = (
        # DocNumber is unique across sales forms (6140), names per list (6240).
        sa.UniqueConstraint("realm_id", "doc_key"),
        sa.UniqueConstraint("realm_id", "name_key"),
        sa.Index("ix_qbo_entities_realm_kind", "realm_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    realm_id: Mapped[str] = mapped_column(sa.String(32))
    kind: Mapped[str] = mapped_column(sa.String(20))
    doc_key: Mapped[str | None] = mapped_column(sa.String(40))
    name_key: Mapped[str | None] = mapped_column(sa.String(250))
    customer_id: Mapped[int | None] = mapped_column(index=True)
    active: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="")
    sync_token: Mapped[int] = mapped_column(default=0)
    # TotalAmt, and the part settled by payments and credits (Balance = the rest).
    total: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=Decimal(0))
    applied: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=Decimal(0))
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow
    )
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, index=True
    )
    data: Mapped[str] = mapped_column(sa.Text, default="{}")


class QboReplay(sandbox_db.Model):
    """The first reply to a requestid, replayed for any repeat in that realm."""

    __tablename__ = "qbo_replays"
    __table_args__ = (sa.UniqueConstraint("realm_id", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    realm_id: Mapped[str] = mapped_column(sa.String(32))
    request_id: Mapped[str] = mapped_column(sa.String(60))
    status: Mapped[int] = mapped_column(default=0)  # 0 while the first is running
    body: Mapped[str] = mapped_column(sa.Text, default="")
    mimetype: Mapped[str] = mapped_column(sa.String(60), default="application/json")
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class QboCounter(sandbox_db.Model):
    """Calls per realm in one (time-scaled) minute, or requests now in flight."""

    __tablename__ = "qbo_counters"
    __table_args__ = (sa.UniqueConstraint("realm_id", "kind", "window"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    realm_id: Mapped[str] = mapped_column(sa.String(32))
    kind: Mapped[str] = mapped_column(sa.String(12))
    window: Mapped[int] = mapped_column(sa.BigInteger)
    count: Mapped[int] = mapped_column(default=0)
