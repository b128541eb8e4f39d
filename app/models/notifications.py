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
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    read: Mapped[bool] = mapped_column(default=False)

    @classmethod
    def unread_count(cls, user):
        return db.session.scalar(
            sa.select(sa.func.count(cls.id)).where(
                cls.user_id == user.id, cls.read.is_(False)
            )
        )
