"""Putting notifications in people's bells, and reading them back."""

import json

import sqlalchemy as sa
from flask import url_for
from werkzeug.routing import BuildError

from app.extensions import db
from app.models import Notification, User

BELL_SIZE = 8


def notify(company_id, user_ids, title, body, endpoint, *, session=None, **values):
    """A notification in each of these users' bells that opens
    url_for(endpoint, **values); added to the session, committed by the caller."""
    session = db.session if session is None else session
    for user_id in user_ids:
        session.add(
            Notification(
                company_id=company_id,
                user_id=user_id,
                title=title,
                body=body,
                endpoint=endpoint,
                url_values=json.dumps(values, sort_keys=True),
            )
        )


def admin_ids(company_id, session=None):
    """The company's active admins: they hear how its syncs and connections go."""
    session = db.session if session is None else session
    return session.scalars(
        sa.select(User.id).where(
            User.company_id == company_id,
            User.role == User.ADMIN,
            User.active.is_(True),
        )
    ).all()


def url_of(notification):
    """Where opening it goes, or None when it names no page (or one now gone)."""
    if not notification.endpoint:
        return None
    try:
        values = json.loads(notification.url_values or "{}")
        return url_for(notification.endpoint, **values)
    except (BuildError, ValueError, TypeError):
        return None


def latest_for(user, limit=BELL_SIZE):
    return db.session.scalars(
        Notification.for_company(user.company_id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()
