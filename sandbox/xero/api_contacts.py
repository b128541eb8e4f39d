"""Contacts: GET with where, IDs, includeArchived, searchTerm, paging; batch writes."""

from flask import g, request

from sandbox.xero import query, store
from sandbox.xero.batch import elements, invalid_body, read_body, reply
from sandbox.xero.blueprints import api
from sandbox.xero.contacts import ContactWriter
from sandbox.xero.render import render_contact
from sandbox.xero.wire import envelope, not_found

SEARCHED = ("Name", "FirstName", "LastName", "ContactNumber", "EmailAddress")


@api.route("/Contacts", methods=["GET", "PUT", "POST"])
def contacts():
    """List contacts, or create (PUT) / create-or-update (POST) a batch."""
    if request.method != "GET":
        return write_contacts(create_only=request.method == "PUT")
    include_archived = request.args.get("includeArchived", "").lower() == "true"
    statuses = () if include_archived or _mentions_status() else ("ACTIVE",)
    try:
        rows = query.select(
            g.sandbox_tenant, store.CONTACT, ids=query.csv_arg("IDs"), statuses=statuses
        )
        pairs = query.filter_and_order(rows, "ContactID", default_order="Name")
    except query.QueryError as error:
        return query.query_error(str(error))
    term = request.args.get("searchTerm", "").strip().casefold()
    if term:
        pairs = [
            (row, data)
            for row, data in pairs
            if any(term in str(data.get(key) or "").casefold() for key in SEARCHED)
        ]
    pairs, pagination = query.page(pairs, paged=True)
    extra = {"pagination": pagination} if pagination else {}
    return envelope(
        "Contacts", [render_contact(row, data) for row, data in pairs], **extra
    )


def _mentions_status():
    """A where on ContactStatus decides for itself whether archived ones show."""
    return "ContactStatus" in request.args.get("where", "")


@api.route("/Contacts/<contact_id>", methods=["GET", "POST"])
def contact(contact_id):
    """One contact by ContactID or ContactNumber; POST updates it."""
    lookups = store.Lookups(g.sandbox_tenant)
    found = lookups.contact(contact_id) or lookups.contact_by_number(contact_id)
    if found is None:
        return not_found()
    if request.method == "GET":
        return envelope("Contacts", [render_contact(found, store.data_of(found))])
    return write_contacts(create_only=False, target=found, lookups=lookups)


def write_contacts(create_only, target=None, lookups=None):
    body = read_body()
    items = elements(body, "Contacts")
    if items is None or (target is not None and len(items) != 1):
        return invalid_body()
    writer = ContactWriter(lookups or store.Lookups(g.sandbox_tenant))
    outcomes = [writer.write(item, create_only, target) for item in items]
    clash = store.commit()
    if clash is not None:
        return clash
    return reply("Contacts", outcomes)
