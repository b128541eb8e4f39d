"""The home page and the health check."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, redirect, url_for

from app.extensions import db
from app.tasks import redis_connection

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """Home is the invoice list: it is what the office opens first."""
    return redirect(url_for("invoices.index"))


@bp.route("/healthz")
def healthz():
    """Report whether the database and Redis answer; 503 when either does not."""
    checks = {}
    try:
        db.session.execute(sa.text("SELECT 1"))
        checks["database"] = "ok"
    except sa.exc.SQLAlchemyError:
        checks["database"] = "unreachable"
    try:
        redis_connection().ping()
        checks["redis"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        checks["redis"] = "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "unhealthy", **checks), (
        200 if healthy else 503
    )
