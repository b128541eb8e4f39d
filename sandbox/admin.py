"""The sandbox admin API: fault injection and the request log, for tests and benches."""

import sqlalchemy as sa
from flask import Blueprint, abort, jsonify, request

from sandbox.bodies import json_object
from sandbox.storage import Fault, RequestLogEntry, sandbox_db

bp = Blueprint("sandbox_admin", __name__, url_prefix="/_admin")

FAULT_FIELDS = {
    "latency_ms": int,
    "error_rate": float,
    "timeout_rate": float,
    "reset_rate": float,
    "throttle_burst": int,
    "seed": int,
}


@bp.route("/faults/<provider>/<tenant>", methods=["GET", "PUT", "DELETE"])
def faults(provider, tenant):
    """Read, set (JSON body, any of FAULT_FIELDS) or clear one tenant's faults."""
    if provider not in ("xero", "quickbooks"):
        abort(404)
    fault = sandbox_db.session.scalar(
        sa.select(Fault).where(Fault.provider == provider, Fault.tenant == tenant)
    )
    if request.method == "DELETE":
        if fault:
            sandbox_db.session.delete(fault)
            sandbox_db.session.commit()
        return "", 204
    if request.method == "PUT":
        data = json_object()
        unknown = set(data) - set(FAULT_FIELDS)
        if unknown:
            return jsonify(error=f"unknown fields: {sorted(unknown)}"), 400
        fault = fault or Fault(provider=provider, tenant=tenant)
        try:
            for name, value in data.items():
                setattr(
                    fault, name, None if value is None else FAULT_FIELDS[name](value)
                )
        except (TypeError, ValueError):
            return jsonify(error="fault values must be numbers"), 400
        sandbox_db.session.add(fault)
        sandbox_db.session.commit()
    if fault is None:
        return jsonify({name: 0 for name in FAULT_FIELDS})
    return jsonify({name: getattr(fault, name) for name in FAULT_FIELDS})


@bp.route("/requests")
def requests_log():
    """The request log as JSON, oldest first; filters: provider, tenant, since_id."""
    query = sa.select(RequestLogEntry).order_by(RequestLogEntry.id)
    if request.args.get("provider"):
        query = query.where(RequestLogEntry.provider == request.args["provider"])
    if request.args.get("tenant"):
        query = query.where(RequestLogEntry.tenant == request.args["tenant"])
    since = request.args.get("since_id", 0, type=int)
    query = query.where(RequestLogEntry.id > since).limit(
        min(request.args.get("limit", 500, type=int), 5000)
    )
    rows = sandbox_db.session.scalars(query)
    return jsonify(
        [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "provider": r.provider,
                "tenant": r.tenant,
                "method": r.method,
                "path": r.path,
                "query": r.query,
                "status": r.status,
                "request_body": r.request_body,
                "response_body": r.response_body,
                "request_id": r.request_id,
            }
            for r in rows
        ]
    )
