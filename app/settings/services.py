"""User rules and the system checks shown on the status page."""

import sqlalchemy as sa
from flask import current_app
from redis.exceptions import RedisError
from rq import Worker

from app import audit
from app.extensions import db
from app.models import AuditEntry, User
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


def lock_admins(company_id):
    """Begin the one serialised step in which admins are checked and changed.

    PostgreSQL locks the company's admin rows (in id order, so two such steps
    never deadlock); SQLite takes its single write lock now instead of at the
    first write, after the checks. Either way a second step waits here, then
    sees what the first one saved.
    """
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    db.session.execute(
        sa.select(User.id)
        .where(User.company_id == company_id, User.role == User.ADMIN)
        .order_by(User.id)
        .with_for_update()
    )


def save_user(user, acting_user, name, role, active):
    """Check and apply a change to a user in one serialised step; returns why it
    was refused (nothing changed), or None with the change ready to commit."""
    lock_admins(user.company_id)
    db.session.refresh(user)
    db.session.refresh(acting_user)
    if not (acting_user.is_admin and acting_user.active):
        db.session.rollback()
        return "You are no longer an admin of this company, so nothing was saved."
    error = change_error(user, acting_user, role, active)
    if error:
        db.session.rollback()
        return error
    before = {"name": user.name, "role": user.role, "active": user.active}
    user.name, user.role, user.active = name, role, active
    after = {"name": user.name, "role": user.role, "active": user.active}
    if role != before["role"] or active != before["active"]:
        user.end_sessions()  # what they may do changed: they sign in again
    record_change(user, before, after)
    return None


def record_change(user, before, after):
    """Audit entries for a change: the role on its own, the rest together."""
    if before["role"] != after["role"]:
        audit.record(
            AuditEntry.ROLE_CHANGED,
            f"{user.email}: role {before['role']} to {after['role']}",
            details={
                "user": user.email,
                "before": {"role": before["role"]},
                "after": {"role": after["role"]},
            },
        )
    changed = [key for key in ("name", "active") if before[key] != after[key]]
    if changed:
        audit.record(
            AuditEntry.USER_CHANGED,
            f"{user.email}: " + ", ".join(describe(key, after[key]) for key in changed),
            details={
                "user": user.email,
                "before": {key: before[key] for key in changed},
                "after": {key: after[key] for key in changed},
            },
        )


def describe(key, value):
    if key == "active":
        return "can sign in" if value else "switched off"
    return f"{key} now {value}"


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
