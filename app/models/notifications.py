"""What the bell in the top bar shows each user."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import CompanyOwned


class Notification(CompanyOwned, db.Model):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_unread", "user_id", "read"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # Where opening it goes, as url_for's endpoint and values: a job has no request
    # to build a URL in, and a page that moves still opens. "" opens the list.
    endpoint: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    url_values: Mapped[str] = mapped_column(
        sa.Text, default="{}", server_default="{}"
    )  # JSON
    read: Mapped[bool] = mapped_column(default=False)

    @classmethod
    def unread_count(cls, user):
        return db.session.scalar(
            sa.select(sa.func.count(cls.id)).where(
                cls.user_id == user.id, cls.read.is_(False)
            )
        )
