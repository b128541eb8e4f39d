"""Companies and the people who sign in to them."""

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import CompanyOwned, utcnow


class Company(db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    base_currency: Mapped[str] = mapped_column(sa.String(3), default="GBP")
    country: Mapped[str] = mapped_column(sa.String(2), default="GB")
    created_at = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    users = relationship("User", back_populates="company")


class User(UserMixin, CompanyOwned, db.Model):
    __tablename__ = "users"

    ADMIN = "admin"
    OFFICE = "office"
    ROLES = (ADMIN, OFFICE)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[str] = mapped_column(sa.String(10), default=OFFICE)
    active: Mapped[bool] = mapped_column(default=True)
    # Part of every session and remember cookie: raising it ends them all.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    # Set for one sign-in (and read back from its cookie), so each sign-in's
    # remember cookie differs; never stored.
    session_nonce = ""

    company = relationship("Company", back_populates="users")

    @property
    def is_admin(self):
        return self.role == self.ADMIN

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        """The token Flask-Login keeps in the session and the remember cookie."""
        return f"{self.id}:{self.session_version}:{self.session_nonce}"

    def end_sessions(self):
        """Refuse every session and remember cookie issued so far."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def display_name(self):
        return self.name or self.email

    def set_password(self, password):
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @staticmethod
    def normalise_email(email):
        return (email or "").strip().lower()
