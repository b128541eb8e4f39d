"""The sandbox's own database: shared tables here, each emulator adds its own."""

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class SandboxBase(DeclarativeBase):
    metadata = sa.MetaData()


# Each request has its own session; keeping loaded rows fresh after a commit
# inside the request spares a batch a re-read of every row it already holds.
sandbox_db = SQLAlchemy(
    model_class=SandboxBase, session_options={"expire_on_commit": False}
)


def utcnow():
    return datetime.now(UTC)


class RequestLogEntry(sandbox_db.Model):
    """Every request an emulator served, for tests and the sandbox page."""

    __tablename__ = "sandbox_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    provider: Mapped[str] = mapped_column(sa.String(12), index=True)
    tenant: Mapped[str] = mapped_column(sa.String(64), default="", index=True)
    method: Mapped[str] = mapped_column(sa.String(8))
    path: Mapped[str] = mapped_column(sa.String(500))
    query: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[int] = mapped_column(default=0)
    request_body: Mapped[str] = mapped_column(sa.Text, default="")
    response_body: Mapped[str] = mapped_column(sa.Text, default="")
    request_id: Mapped[str] = mapped_column(sa.String(64), default="")


class Fault(sandbox_db.Model):
    """Faults for one tenant (Xero) or realm (QuickBooks); all off by default."""

    __tablename__ = "sandbox_faults"
    __table_args__ = (sa.UniqueConstraint("provider", "tenant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(sa.String(12))
    tenant: Mapped[str] = mapped_column(sa.String(64))
    latency_ms: Mapped[int] = mapped_column(default=0)
    error_rate: Mapped[float] = mapped_column(default=0.0)  # share of 500/503 replies
    timeout_rate: Mapped[float] = mapped_column(
        default=0.0
    )  # hang past client timeouts
    reset_rate: Mapped[float] = mapped_column(default=0.0)  # drop the connection
    throttle_burst: Mapped[int] = mapped_column(default=0)  # next N calls get 429
    seed: Mapped[int | None] = mapped_column()  # makes random faults repeatable
