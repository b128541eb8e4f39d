"""The Accounting API under /v3/company/<realmId>: auth, throttles, faults, CRUD."""

import random

import sqlalchemy as sa
from flask import Blueprint, g, request

from sandbox import faults
from sandbox.quickbooks import cdc, company, limits, query, replays, store, writes
from sandbox.quickbooks.envelopes import (
    QboError,
    fault_reply,
    forbidden,
    json_reply,
    new_tid,
    not_found,
    required,
    system_fault,
    throttled,
    unauthorized,
    unsupported,
)
from sandbox.quickbooks.models import QboToken
from sandbox.storage import sandbox_db, utcnow

bp = Blueprint(
    "quickbooks_api", __name__, url_prefix="/quickbooks/v3/company/<realm_id>"
)
MAX_BATCH = 30


@bp.url_value_preprocessor
def take_realm(endpoint, values):
    g.realm_id = values.pop("realm_id")


@bp.before_request
def guard():
    """Token, realm, throttles, injected faults and requestid replays, in order."""
    realm_id = g.realm_id
    g.sandbox_provider = "quickbooks"
    g.sandbox_tenant = realm_id
    g.intuit_tid = new_tid()
    g.sandbox_request_id = request.args.get("requestid") or g.intuit_tid
    header = request.headers.get("Authorization", "")
    if header[:7].lower() != "bearer ":
        return unauthorized("Malformed bearer token: no bearer token supplied")
    token = sandbox_db.session.scalar(
        sa.select(QboToken).where(
            QboToken.token == header[7:].strip(), QboToken.kind == QboToken.ACCESS
        )
    )
    if token is None or token.revoked or store.aware(token.expires_at) < utcnow():
        return unauthorized("Token expired")
    if token.realm_id != realm_id or store.company(realm_id) is None:
        return forbidden()
    g.qbo_counted = True
    if not limits.enter(realm_id, batch=request.endpoint == "quickbooks_api.batch"):
        return throttled()
    outcome = faults.draw("quickbooks", realm_id)
    if outcome == faults.THROTTLE:
        return throttled()
    if outcome == faults.ERROR:
        return system_fault(random.choice((500, 503)))
    if outcome == faults.TIMEOUT:
        faults.hang()
        return system_fault(504)
    if outcome == faults.RESET:
        faults.reset_connection()
        return system_fault(500)
    if request.method == "POST" and request.args.get("requestid"):
        return replays.claim(realm_id, request.args["requestid"])
    return None


@bp.after_request
def finish(response):
    replays.record(response)
    return response


@bp.teardown_request
def release(error=None):
    if g.pop("qbo_counted", False):
        replays.abandon()
        limits.leave(g.realm_id)


@bp.route("/<resource>/<entity_id>")
def read(resource, entity_id):
    """Read one entity by Id (610 when there is none)."""
    if resource == "companyinfo":
        if entity_id != g.realm_id:
            return fault_reply(not_found("Id"))
        return json_reply({"CompanyInfo": company.info(g.realm_id)})
    kind = store.RESOURCES.get(resource)
    if kind is None:
        return fault_reply(unsupported(f"Unsupported Operation: GET /{resource}"))
    row = store.get(g.realm_id, kind, entity_id)
    if row is None:
        return fault_reply(not_found("Id"))
    return json_reply({kind: store.to_json(row)})


@bp.route("/<resource>", methods=["POST"])
def write(resource):
    """Create, update (sparse or full), delete or void one entity."""
    kind = store.RESOURCES.get(resource)
    if kind is None:
        return fault_reply(unsupported(f"Unsupported Operation: POST /{resource}"))
    payload = request.get_json(silent=True, force=True)
    if not isinstance(payload, dict):
        return fault_reply(unreadable_body())
    operation = request.args.get("operation")
    if operation == "update" and request.args.get("include") == "void":
        operation = "void"  # how a Payment is voided
    try:
        entity = writes.perform(g.realm_id, kind, operation, payload)
    except QboError as error:
        return fault_reply(error)
    return json_reply({kind: entity})


@bp.route("/cdc")
def changes():
    """Entities changed since changedSince, deleted ones as status Deleted."""
    try:
        found = cdc.run(
            g.realm_id, request.args.get("entities"), request.args.get("changedSince")
        )
    except QboError as error:
        return fault_reply(error)
    return json_reply({"CDCResponse": found})


@bp.route("/preferences")
def preferences():
    """Company settings a client checks: closing date, VAT, currency, numbering."""
    return json_reply({"Preferences": company.preferences(g.realm_id)})


@bp.route("/query", methods=["GET", "POST"])
def run_query():
    """A query string in ?query= or as an application/text body."""
    text = request.args.get("query")
    if request.method == "POST" and not text:
        text = request.get_data(as_text=True)
    try:
        return json_reply({"QueryResponse": query.run(g.realm_id, text)})
    except QboError as error:
        return fault_reply(error)


@bp.route("/batch", methods=["POST"])
def batch():
    """Up to 30 operations; each item succeeds or carries its own Fault."""
    payload = request.get_json(silent=True, force=True)
    if not isinstance(payload, dict):
        return fault_reply(unreadable_body())
    items = payload.get("BatchItemRequest")
    if not isinstance(items, list) or not items:
        return fault_reply(required("BatchItemRequest"))
    if len(items) > MAX_BATCH:
        return fault_reply(
            QboError(
                1040,
                "Batch size exceeds allowed limit",
                f"Batch size exceeds allowed limit. Maximum allowed batch size is "
                f"{MAX_BATCH}, received {len(items)}.",
                "BatchItemRequest",
            )
        )
    limits.meter_items(g.realm_id, len(items))
    return json_reply({"BatchItemResponse": [batch_item(item) for item in items]})


def unreadable_body():
    return QboError(
        2010,
        "Request has invalid or unsupported property",
        "Property Name:Unable to parse the request body as a JSON object specified is "
        "unsupported or invalid",
        "",
    )


def batch_item(item):
    if not isinstance(item, dict):
        item = {}
    reply = {"bId": str(item.get("bId", ""))}
    try:
        if "Query" in item:
            reply["QueryResponse"] = query.run(g.realm_id, item["Query"])
            return reply
        kinds = [key for key in item if key in query.ENTITIES]
        if len(kinds) != 1:
            raise unsupported("Batch item must carry one entity or a Query.")
        operation = item.get("operation")
        if item.get("optionsData") == "void" and operation == "update":
            operation = "void"
        reply[kinds[0]] = writes.perform(
            g.realm_id, kinds[0], operation, item[kinds[0]]
        )
    except QboError as error:
        reply["Fault"] = error.fault()
    return reply
