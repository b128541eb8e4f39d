"""User rules and the system checks shown on the status page."""

import sqlalchemy as sa
from flask import current_app
from redis.exceptions import RedisError
from rq import Worker

from app.extensions import db
from app.models import User
from app.tasks import queue, redis_connection


def email_taken(email):
    """True when any user of any company signs in with this email."""
    return (
        db.session.scalar(
            sa.select(User.id).where(User.email == User.normalise_email(email))
        )
        is not None
    )


def active_admins(company_id):
    return db.session.scalar(
        sa.select(sa.func.count(User.id)).where(
            User.company_id == company_id,
            User.role == User.ADMIN,
            User.active.is_(True),
        )
    )


def change_error(user, acting_user, role, active):
    """Why this role or active change is refused, or None when it may go ahead."""
    losing_admin = user.is_admin and user.active and (role != User.ADMIN or not active)
    if not losing_admin:
        return None
    if user.id == acting_user.id:
        return (
            "You cannot remove your own admin rights or switch off your own "
            "account. Ask another admin to do it."
        )
    if active_admins(user.company_id) <= 1:
        return "The company must keep at least one active admin."
    return None


def system_status():
    """Database dialect, Redis, workers and queue length; never URLs or passwords."""
    status = {
        "database": db.engine.dialect.name,
        "redis_ok": False,
        "workers": None,
        "queued": None,
        "queue_name": current_app.config["RQ_QUEUE"],
    }
    try:
        redis = redis_connection()
        status["redis_ok"] = bool(redis.ping())
        jobs = queue()
        status["workers"] = len(Worker.all(connection=redis, queue=jobs))
        status["queued"] = jobs.count
    except RedisError:
        current_app.logger.warning("Redis did not answer the status checks")
    return status
