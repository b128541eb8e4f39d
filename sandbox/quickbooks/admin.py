"""QuickBooks-only admin switches for tests and demos: tokens, closed books, reset."""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, abort, jsonify, request

from sandbox.bodies import json_object
from sandbox.quickbooks import store
from sandbox.quickbooks.models import (
    QboCompany,
    QboCounter,
    QboEntity,
    QboReplay,
    QboToken,
)
from sandbox.quickbooks.seed import DEMO_REALM, seed_company
from sandbox.storage import sandbox_db, utcnow

bp = Blueprint("quickbooks_admin", __name__, url_prefix="/quickbooks/_admin")


@bp.route("/expire-tokens", methods=["POST"])
def expire_tokens():
    """Expire every access token (optionally one realm's, and refresh tokens too)."""
    data = json_object()
    kinds = [QboToken.ACCESS] + ([QboToken.REFRESH] if data.get("refresh") else [])
    query = sa.update(QboToken).where(QboToken.kind.in_(kinds))
    if data.get("realm_id"):
        query = query.where(QboToken.realm_id == str(data["realm_id"]))
    done = sandbox_db.session.execute(query.values(expires_at=utcnow()))
    sandbox_db.session.commit()
    return jsonify(expired=done.rowcount)


def company_or_404(realm_id):
    company = store.company(realm_id)
    if company is None:
        abort(404)
    return company


@bp.route("/companies/<realm_id>/book-close-date", methods=["GET", "PUT"])
def book_close_date(realm_id):
    """Read or set the closing date (JSON {"BookCloseDate": "YYYY-MM-DD" | null})."""
    company = company_or_404(realm_id)
    if request.method == "PUT":
        value = json_object().get("BookCloseDate")
        try:
            company.book_close_date = date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return jsonify(error="BookCloseDate must be YYYY-MM-DD or null"), 400
        sandbox_db.session.commit()
    closed = company.book_close_date
    return jsonify(BookCloseDate=closed.isoformat() if closed else None)


@bp.route("/companies/<realm_id>/reset", methods=["POST"])
def reset(realm_id):
    """Put one company back to its seed data; forget its counters and replays."""
    company = company_or_404(realm_id)
    name = company.name
    sandbox_db.session.execute(
        sa.delete(QboEntity).where(QboEntity.realm_id == realm_id)
    )
    sandbox_db.session.execute(sa.delete(QboCompany).where(QboCompany.id == company.id))
    # A killed worker can leave a request counted as in flight; reset forgets it.
    for model in (QboCounter, QboReplay):
        sandbox_db.session.execute(sa.delete(model).where(model.realm_id == realm_id))
    sandbox_db.session.flush()
    seed_company(realm_id, name, full=realm_id == DEMO_REALM)
    sandbox_db.session.commit()
    return jsonify(reset=realm_id)
