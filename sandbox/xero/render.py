"""Stored objects as Xero returns them: ids, MS dates and derived fields."""

from datetime import date

from sandbox.xero import store
from sandbox.xero.tokens import aware
from sandbox.xero.wire import date_fields, ms_date, ms_datetime

DOCUMENT_DATES = ("Date", "DueDate", "FullyPaidOnDate", "ExpectedPaymentDate")


def updated(found, target):
    moment = aware(found.updated_at)
    target["UpdatedDateUTC"] = ms_datetime(moment)


def render_document(kind, found, data):
    """An invoice or credit note, with its payments and allocations."""
    item = {key: value for key, value in data.items() if key not in DOCUMENT_DATES}
    id_field = "InvoiceID" if kind == store.INVOICE else "CreditNoteID"
    item[id_field] = found.id
    for key in DOCUMENT_DATES:
        if data.get(key):
            date_fields(item, key, data[key])
    if "FullyPaidOnDate" in item:
        item.pop("FullyPaidOnDateString", None)
    item["LineItems"] = [dict(line, ValidationErrors=[]) for line in data["LineItems"]]
    item["Payments"] = [_dated(p) for p in data.get("Payments", [])]
    if kind == store.INVOICE:
        item["CreditNotes"] = [_dated(c) for c in data.get("CreditNotes", [])]
        item.setdefault("Prepayments", [])
        item.setdefault("Overpayments", [])
        item["IsDiscounted"] = any(
            line.get("DiscountRate") for line in data["LineItems"]
        )
    else:
        item["Allocations"] = [_dated(a) for a in data.get("Allocations", [])]
    item.setdefault("SentToContact", False)
    item["HasAttachments"] = False
    item["HasErrors"] = False
    updated(found, item)
    return item


def _dated(summary):
    """A nested payment or allocation summary with its date in MS form."""
    item = dict(summary)
    if item.get("Date"):
        item["Date"] = ms_date(date.fromisoformat(item["Date"]))
    return item


def render_contact(found, data):
    item = {"ContactID": found.id, **data}
    item.setdefault("ContactGroups", [])
    item.setdefault("ContactPersons", [])
    item.setdefault("Addresses", [])
    item.setdefault("Phones", [])
    item["HasAttachments"] = False
    item["HasValidationErrors"] = False
    updated(found, item)
    return item


def render_account(found, data):
    item = {"AccountID": found.id, **data}
    updated(found, item)
    return item


def render_payment(found, data, invoice_summary):
    item = {"PaymentID": found.id, **data}
    item["Date"] = ms_date(date.fromisoformat(data["Date"]))
    item.update(invoice_summary)
    item["HasAccount"] = True
    item["HasValidationErrors"] = False
    updated(found, item)
    return item
