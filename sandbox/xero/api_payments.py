"""Payments (GET, PUT batch, POST single, delete) and credit-note Allocations."""

from flask import g, request

from sandbox.storage import sandbox_db
from sandbox.xero import query, store
from sandbox.xero.allocations import allocate, remove
from sandbox.xero.batch import Outcome, elements, invalid_body, read_body, reply
from sandbox.xero.blueprints import api
from sandbox.xero.payments import PaymentWriter, payment_view
from sandbox.xero.wire import bad_request, envelope, json_reply, not_found


@api.route("/Payments", methods=["GET", "PUT", "POST"])
def payments():
    """List payments; PUT takes a batch, POST one payment (wrapped or not)."""
    lookups = store.Lookups(g.sandbox_tenant)
    if request.method == "GET":
        try:
            rows = query.select(g.sandbox_tenant, store.PAYMENT)
            pairs = query.filter_and_order(rows, "PaymentID")
        except query.QueryError as error:
            return query.query_error(str(error))
        pairs, pagination = query.page(pairs, paged=True)
        extra = {"pagination": pagination} if pagination else {}
        items = [payment_view(lookups, row, data) for row, data in pairs]
        return envelope("Payments", items, **extra)
    items = elements(read_body(), "Payments", single_allowed=request.method == "POST")
    if items is None:
        return invalid_body()
    writer = PaymentWriter(lookups)
    outcomes = [writer.write(item) for item in items]
    clash = store.commit()
    if clash is not None:
        return clash
    summarize = None if request.method == "PUT" else True
    return reply("Payments", outcomes, summarize)


@api.route("/Payments/<payment_id>", methods=["GET", "POST"])
def payment(payment_id):
    """One payment; POST with Status DELETED deletes it (payments are not edited)."""
    lookups = store.Lookups(g.sandbox_tenant)
    found = store.record(g.sandbox_tenant, store.PAYMENT, payment_id)
    if found is None:
        return not_found()
    if request.method == "GET":
        return envelope(
            "Payments", [payment_view(lookups, found, store.data_of(found))]
        )
    items = elements(read_body(), "Payments", single_allowed=True)
    if not items or len(items) != 1 or not isinstance(items[0], dict):
        return invalid_body()
    if items[0].get("Status") != "DELETED":
        outcome_errors = ["Payments cannot be edited, only deleted (Status DELETED)."]
        return reply("Payments", [Outcome(items[0], errors=outcome_errors)], True)
    outcome = PaymentWriter(lookups).delete(found)
    outcome.element = items[0]
    clash = store.commit()
    if clash is not None:
        return clash
    return reply("Payments", [outcome], True)


@api.route("/CreditNotes/<credit_note_id>/Allocations", methods=["PUT"])
def allocations(credit_note_id):
    """Allocate a credit note to one or more invoices."""
    lookups = store.Lookups(g.sandbox_tenant)
    credit = store.record(g.sandbox_tenant, store.CREDIT_NOTE, credit_note_id)
    if credit is None:
        return not_found()
    items = elements(read_body(), "Allocations")
    if items is None:
        return invalid_body()
    outcomes = [allocate(lookups, credit, item) for item in items]
    clash = store.commit()
    if clash is not None:
        return clash
    return reply("Allocations", outcomes)


@api.route(
    "/CreditNotes/<credit_note_id>/Allocations/<allocation_id>", methods=["DELETE"]
)
def delete_allocation(credit_note_id, allocation_id):
    """Remove an allocation; Xero answers with the bare Allocation, IsDeleted true."""
    lookups = store.Lookups(g.sandbox_tenant)
    credit = store.record(g.sandbox_tenant, store.CREDIT_NOTE, credit_note_id)
    if credit is None:
        return not_found()
    item, message = remove(lookups, credit, allocation_id)
    if message:
        return bad_request(message)
    if item is None:
        return not_found()
    sandbox_db.session.commit()
    return json_reply(item)
