"""Invoices and CreditNotes: GET with filters and paging; PUT, POST, batches."""

from flask import g, request

from sandbox.xero import query, store
from sandbox.xero.batch import elements, invalid_body, read_body, reply
from sandbox.xero.blueprints import api
from sandbox.xero.documents import DocumentWriter
from sandbox.xero.render import render_document
from sandbox.xero.wire import envelope, not_found

COLLECTIONS = {store.INVOICE: "Invoices", store.CREDIT_NOTE: "CreditNotes"}
ID_FIELDS = {store.INVOICE: "InvoiceID", store.CREDIT_NOTE: "CreditNoteID"}


def unitdp():
    return 4 if request.args.get("unitdp") == "4" else 2


def list_documents(kind):
    filters = {}
    if kind == store.INVOICE:
        filters = {
            "ids": query.csv_arg("IDs"),
            "numbers": query.csv_arg("InvoiceNumbers"),
            "statuses": query.csv_arg("Statuses"),
            "contact_ids": query.csv_arg("ContactIDs"),
        }
    try:
        rows = query.select(g.sandbox_tenant, kind, **filters)
        pairs = query.filter_and_order(rows, ID_FIELDS[kind])
    except query.QueryError as error:
        return query.query_error(str(error))
    term = request.args.get("searchTerm", "").strip().casefold()
    if term:
        pairs = [pair for pair in pairs if term in _searchable(kind, pair[1])]
    pairs, pagination = query.page(pairs, paged=True)
    extra = {"pagination": pagination} if pagination else {}
    items = [render_document(kind, row, data) for row, data in pairs]
    summary = request.args.get("summaryOnly", "").lower() == "true"
    if pagination is None or summary:
        # Xero leaves line items out of unpaged lists (and summaries): page to get them.
        for item in items:
            item.pop("LineItems", None)
    return envelope(COLLECTIONS[kind], items, **extra)


def _searchable(kind, data):
    number = data.get("InvoiceNumber" if kind == store.INVOICE else "CreditNoteNumber")
    return " ".join(
        str(part or "")
        for part in (number, data.get("Reference"), data["Contact"].get("Name"))
    ).casefold()


def write_documents(kind, create_only, target=None):
    collection = COLLECTIONS[kind]
    items = elements(read_body(), collection)
    if items is None or (target is not None and len(items) != 1):
        return invalid_body()
    writer = DocumentWriter(kind, g.sandbox_tenant, unitdp=unitdp())
    outcomes = writer.write_all(items, create_only, target)
    clash = store.commit()
    if clash is not None:
        return clash
    summarize = None if target is None else True
    return reply(collection, outcomes, summarize)


def one_document(kind, document_id):
    found = store.record(g.sandbox_tenant, kind, document_id)
    if found is None and kind == store.INVOICE:
        # Xero also finds an invoice by its number on this path.
        found = store.Lookups(g.sandbox_tenant).document_by_number(kind, document_id)
    if found is None:
        return not_found()
    if request.method == "GET":
        data = store.data_of(found)
        return envelope(COLLECTIONS[kind], [render_document(kind, found, data)])
    return write_documents(kind, create_only=False, target=found)


@api.route("/Invoices", methods=["GET", "PUT", "POST"])
def invoices():
    """List invoices, or create (PUT) / create-or-update (POST) a batch."""
    if request.method == "GET":
        return list_documents(store.INVOICE)
    return write_documents(store.INVOICE, create_only=request.method == "PUT")


@api.route("/Invoices/<invoice_id>", methods=["GET", "POST"])
def invoice(invoice_id):
    """One invoice by id or number; POST updates it (status, lines, void...)."""
    return one_document(store.INVOICE, invoice_id)


@api.route("/CreditNotes", methods=["GET", "PUT", "POST"])
def credit_notes():
    """List credit notes, or create (PUT) / create-or-update (POST) a batch."""
    if request.method == "GET":
        return list_documents(store.CREDIT_NOTE)
    return write_documents(store.CREDIT_NOTE, create_only=request.method == "PUT")


@api.route("/CreditNotes/<credit_note_id>", methods=["GET", "POST"])
def credit_note(credit_note_id):
    """One credit note; POST updates it."""
    return one_document(store.CREDIT_NOTE, credit_note_id)
