"""The link to an accounts package: app credentials, the connection, sync options."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.crypto import EncryptedText
from app.extensions import db
from app.models.base import CompanyOwned, utcnow
from app.providers.registry import PROVIDER_NAMES


class ProviderApp(CompanyOwned, db.Model):
    """The Client ID and Secret of the app this install registered with a provider."""

    __tablename__ = "provider_apps"
    __table_args__ = (sa.UniqueConstraint("company_id", "provider"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(sa.String(20))
    client_id: Mapped[str] = mapped_column(sa.String(200))
    client_secret: Mapped[str | None] = mapped_column(EncryptedText)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class AccountsConnection(CompanyOwned, db.Model):
    """One company's link to one provider; kept after disconnecting, for history."""

    __tablename__ = "accounts_connections"
    __table_args__ = (sa.UniqueConstraint("company_id", "provider"),)

    CONNECTED = "connected"
    NEEDS_RECONNECT = "needs_reconnect"
    DISCONNECTED = "disconnected"
    STATUSES = (CONNECTED, NEEDS_RECONNECT, DISCONNECTED)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20), default=DISCONNECTED)
    remote_id: Mapped[str | None] = mapped_column(sa.String(100))  # tenant / realm
    organisation_name: Mapped[str | None] = mapped_column(sa.String(200))
    access_token: Mapped[str | None] = mapped_column(EncryptedText)
    refresh_token: Mapped[str | None] = mapped_column(EncryptedText)
    access_expires_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True)
    )
    refresh_expires_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True)
    )
    scopes: Mapped[str] = mapped_column(sa.Text, default="")
    connected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    connected_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_refreshed_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True)
    )
    xero_connection_id: Mapped[str | None] = mapped_column(sa.String(100))
    lock_date: Mapped[date | None]  # the package's lock / book close date, last read
    last_error: Mapped[str | None] = mapped_column(sa.Text)

    connected_by = relationship("User")

    @property
    def is_connected(self):
        return self.status == self.CONNECTED

    @property
    def is_linked(self):
        """Connected or waiting for a reconnect: either way the package is in use."""
        return self.status in (self.CONNECTED, self.NEEDS_RECONNECT)

    @property
    def provider_name(self):
        return PROVIDER_NAMES.get(self.provider, self.provider)

    @classmethod
    def linked_for(cls, company_id):
        """The company's connection in use (connected or needing reconnect), if
        any: at most one, since connecting another package needs this one gone."""
        return db.session.scalar(
            cls.for_company(company_id).where(
                cls.status.in_((cls.CONNECTED, cls.NEEDS_RECONNECT))
            )
        )


class SyncOptions(CompanyOwned, db.Model):
    """What the company wants synced and how; one row per company."""

    __tablename__ = "sync_options"
    __table_args__ = (sa.UniqueConstraint("company_id"),)

    DRAFT = "draft"
    APPROVED = "approved"
    SCHEDULES = {"off": None, "hourly": 3600, "daily": 24 * 3600}

    id: Mapped[int] = mapped_column(primary_key=True)
    pull_codes: Mapped[bool] = mapped_column(default=True)
    pull_customers: Mapped[bool] = mapped_column(default=True)
    push_invoices: Mapped[bool] = mapped_column(default=True)
    push_credit_notes: Mapped[bool] = mapped_column(default=True)
    push_payments: Mapped[bool] = mapped_column(default=True)
    invoice_status: Mapped[str] = mapped_column(sa.String(10), default=APPROVED)
    default_sales_nominal_code_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("nominal_codes.id", ondelete="SET NULL")
    )
    tax_code_map: Mapped[str] = mapped_column(sa.Text, default="{}")
    bank_nominal_code_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("nominal_codes.id", ondelete="SET NULL")
    )
    auto_sync: Mapped[str] = mapped_column(sa.String(10), default="off")
