"""Every Accounting API call: token, tenant, limits, faults, idempotency, headers."""

import random
import uuid

import sqlalchemy as sa
from flask import Response, g, request

from sandbox import faults
from sandbox.storage import sandbox_db
from sandbox.xero import idempotency, limits, tokens
from sandbox.xero.blueprints import api
from sandbox.xero.models import XeroConnection
from sandbox.xero.wire import not_found, problem


def bearer():
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


def authenticate():
    """(token row or None, error reply) for the bearer token; the row of an expired
    or revoked token still names the app."""
    row, state = tokens.access_state(bearer())
    if state == "expired":
        stamp = tokens.aware(row.expires_at).strftime("%m/%d/%Y %H:%M:%S")
        return row, problem(
            401, "Unauthorized", f"TokenExpired: token expired at {stamp}"
        )
    if state is not None:
        return row, problem(401, "Unauthorized", "AuthenticationUnsuccessful")
    return row, None


def refused(reply, tenant_id, row):
    """An answer that refuses the call before it is counted still tells the app
    where it stands; a token no app owns learns nothing."""
    if row is not None and tenant_id:
        g.xero_limit_headers = limits.peek(tenant_id, row.client_id)
    return reply


def connected(client_id, tenant_id):
    return sandbox_db.session.scalar(
        sa.select(XeroConnection.id).where(
            XeroConnection.client_id == client_id,
            XeroConnection.tenant_id == tenant_id,
        )
    )


@api.before_request
def guard():
    """Refuse, throttle or fault the call before any handler runs."""
    g.sandbox_provider = "xero"
    g.sandbox_request_id = str(uuid.uuid4())
    tenant_id = (request.headers.get("xero-tenant-id") or "").strip().lower()
    g.sandbox_tenant = tenant_id
    row, error = authenticate()
    if error is not None:
        return refused(error, tenant_id, row)
    g.xero_client_id = row.client_id
    if not tenant_id or not connected(row.client_id, tenant_id):
        return refused(
            problem(403, "Forbidden", "AuthenticationUnsuccessful"), tenant_id, row
        )
    if not scope_allows(row.scope.split()):
        return refused(
            problem(401, "Unauthorized", "AuthorizationUnsuccessful"), tenant_id, row
        )
    if "application/json" not in request.headers.get("Accept", ""):
        # Real Xero answers in XML unless asked for JSON; the sandbox speaks only JSON.
        not_json = Response(NOT_ACCEPTABLE, status=406, mimetype="text/plain")
        return refused(not_json, tenant_id, row)
    headers, breached, retry, in_flight = limits.take(tenant_id, row.client_id)
    g.xero_limit_headers = headers
    g.xero_in_flight = in_flight
    if breached:
        return throttled(breached, retry)
    drawn = faults.draw("xero", tenant_id)
    if drawn == faults.THROTTLE:
        return throttled("minute", limits.settings()["minute"][1])
    if drawn == faults.ERROR:
        status = random.choice((500, 503))
        title = "Internal Server Error" if status == 500 else "Service Unavailable"
        return problem(status, title, "The service is temporarily unavailable.")
    if drawn == faults.TIMEOUT:
        faults.hang()
        return problem(504, "Gateway Timeout", "The request timed out.")
    if drawn == faults.RESET:
        faults.reset_connection()
        return problem(502, "Bad Gateway", "Connection reset.")
    replay, g.xero_pending = idempotency.before(row.client_id)
    return replay


NOT_ACCEPTABLE = (
    "Send Accept: application/json. Xero answers in XML without it; "
    "this sandbox serves JSON only."
)
# Broad scope and its 2026 granular replacement for each resource, per the spec.
SCOPES = {
    "Invoices": ("accounting.transactions", "accounting.invoices"),
    "CreditNotes": ("accounting.transactions", "accounting.invoices"),
    "Payments": ("accounting.transactions", "accounting.payments"),
    "Contacts": ("accounting.contacts",),
    "TaxRates": ("accounting.settings",),
    "Accounts": ("accounting.settings",),
    "Organisation": ("accounting.settings",),
}


def scope_allows(granted):
    """Whether the token's scopes cover this resource (.read is enough to GET)."""
    resource = request.path.split("/api.xro/2.0/", 1)[-1].split("/", 1)[0]
    needed = SCOPES.get(resource)
    if needed is None:
        return True  # unknown resources get Xero's 404
    accepted = set(needed)
    if request.method == "GET":
        accepted |= {f"{scope}.read" for scope in needed}
    return bool(accepted & set(granted))


def throttled(limit, retry_after):
    reply = problem(429, "Too Many Requests", f"Rate limit exceeded: {limit}")
    reply.headers["Retry-After"] = str(max(1, int(-(-retry_after // 1))))
    reply.headers["X-Rate-Limit-Problem"] = limit
    return reply


@api.after_request
def finish(response):
    """Limit headers and Xero's correlation id on every reply; remember the first
    reply to an idempotency key."""
    for name, value in (g.get("xero_limit_headers") or {}).items():
        response.headers[name] = value
    if g.get("sandbox_request_id"):
        response.headers["Xero-Correlation-Id"] = g.sandbox_request_id
    if g.get("xero_pending"):
        idempotency.after(g.xero_client_id, g.xero_pending, response)
    return response


@api.teardown_request
def free_place(_error=None):
    in_flight = g.pop("xero_in_flight", None)
    if in_flight is not None:
        limits.release(in_flight)


@api.route("/<path:unknown>", methods=["GET", "PUT", "POST", "DELETE", "PATCH"])
def unknown_resource(unknown):
    """Anything Xero does not serve: its plain-text 404."""
    return not_found()
