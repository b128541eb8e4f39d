"""Xero-only admin operations for tests and demos: tokens, clock, lock dates, reset."""

from datetime import date

import sqlalchemy as sa
from flask import jsonify, request

from sandbox.bodies import json_object
from sandbox.storage import sandbox_db
from sandbox.xero.blueprints import identity
from sandbox.xero.models import (
    XeroOrganisation,
    XeroRecord,
    XeroSetting,
    XeroToken,
)
from sandbox.xero.wire import now


@identity.route("/_admin/expire-tokens", methods=["POST"])
def expire_tokens():
    """Expire every access token now (and refresh tokens with {"refresh": true})."""
    kinds = ["access"]
    if json_object().get("refresh"):
        kinds.append("refresh")
    done = sandbox_db.session.execute(
        sa.update(XeroToken).where(XeroToken.kind.in_(kinds)).values(expires_at=now())
    )
    sandbox_db.session.commit()
    return jsonify(expired=done.rowcount)


@identity.route("/_admin/clock", methods=["GET", "POST"])
def clock():
    """Read the emulator clock, or move it on by {"advance_seconds": n}."""
    setting = sandbox_db.session.get(XeroSetting, "clock_offset")
    if request.method == "POST":
        try:
            step = float(json_object()["advance_seconds"])
        except (KeyError, TypeError, ValueError):
            return jsonify(error="advance_seconds must be a number"), 400
        setting = setting or XeroSetting(name="clock_offset", value="0")
        setting.value = str(float(setting.value) + step)
        sandbox_db.session.add(setting)
        sandbox_db.session.commit()
    return jsonify(
        now=now().isoformat(), offset_seconds=float(setting.value) if setting else 0.0
    )


@identity.route("/_admin/organisations/<tenant_id>/lock-dates", methods=["PUT"])
def lock_dates(tenant_id):
    """Set or clear PeriodLockDate and EndOfYearLockDate (YYYY-MM-DD or null)."""
    org = sandbox_db.session.get(XeroOrganisation, tenant_id)
    if org is None:
        return jsonify(error="unknown organisation"), 404
    data = json_object()
    values = {}
    for field, column in (
        ("PeriodLockDate", "period_lock_date"),
        ("EndOfYearLockDate", "end_of_year_lock_date"),
    ):
        if field in data:
            try:
                values[column] = (
                    date.fromisoformat(data[field]).isoformat() if data[field] else None
                )
            except (TypeError, ValueError):
                return jsonify(error=f"{field} must be YYYY-MM-DD or null"), 400
    for column, value in values.items():
        setattr(org, column, value)
    sandbox_db.session.commit()
    return jsonify(
        PeriodLockDate=org.period_lock_date, EndOfYearLockDate=org.end_of_year_lock_date
    )


@identity.route("/_admin/organisations/<tenant_id>/reset", methods=["POST"])
def reset(tenant_id):
    """Put one organisation back to its seeded state."""
    from sandbox.xero.seed import seed

    org = sandbox_db.session.get(XeroOrganisation, tenant_id)
    if org is None:
        return jsonify(error="unknown organisation"), 404
    sandbox_db.session.execute(
        sa.delete(XeroRecord).where(XeroRecord.tenant_id == tenant_id)
    )
    sandbox_db.session.delete(org)
    sandbox_db.session.commit()
    seed()
    return jsonify(reset=tenant_id)
