"""Batch writes: parse the wrapper, run each element, reply as Xero does."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask import request

from sandbox.xero.store import ZERO_ID
from sandbox.xero.wire import (
    envelope,
    json_reply,
    loads,
    ms_date,
    parse_date,
    validation_exception,
)

DATE_KEYS = ("Date", "DueDate", "ExpectedPaymentDate", "PlannedPaymentDate")
ID_FIELDS = {
    "Invoices": ("InvoiceID", "HasErrors"),
    "CreditNotes": ("CreditNoteID", "HasErrors"),
    "Contacts": ("ContactID", "HasValidationErrors"),
    "Payments": ("PaymentID", "HasValidationErrors"),
    "Allocations": ("AllocationID", None),
}


@dataclass
class Outcome:
    """One element's result: the rendered object, or the messages it failed with."""

    element: dict
    item: dict | None = None
    errors: list = field(default_factory=list)


def invalid_body():
    """Xero's reply to a body that is not the JSON it expects."""
    return json_reply(
        {
            "ErrorNumber": 14,
            "Type": "PostDataInvalidException",
            "Message": "Invalid Json data",
        },
        400,
    )


def read_body():
    """The parsed JSON body, or None when it is not JSON."""
    try:
        return loads(request.get_data(as_text=True) or "null")
    except ValueError:  # not JSON, not UTF-8, or nested too deep
        return None


def elements(body, collection, single_allowed=False):
    """The list of elements under the wrapper key, or None when malformed."""
    if isinstance(body, dict) and isinstance(body.get(collection), list):
        return body[collection]
    if single_allowed and isinstance(body, dict) and collection not in body:
        return [body]
    return None


def summarize_errors():
    """Xero summarises into one 400 unless summarizeErrors=false."""
    return request.args.get("summarizeErrors", "true").lower() != "false"


def echo(collection, element, messages):
    """A failed element as Xero echoes it: its own fields plus the messages."""
    id_field, flag = ID_FIELDS[collection]
    item = {
        key: value
        for key, value in element.items()
        if key not in ("ValidationErrors", "StatusAttributeString")
        and (isinstance(value, str | int | Decimal | dict | list) or value is None)
    }
    for key in DATE_KEYS:
        iso = parse_date(item.get(key)) if key in item else None
        if iso:
            item[key] = ms_date(date.fromisoformat(iso))
        else:
            item.pop(key, None)
    item[id_field] = element.get(id_field) or ZERO_ID
    if flag:
        item[flag] = True
    item["ValidationErrors"] = [{"Message": message} for message in messages]
    return item


def reply(collection, outcomes, summarize=None, **extra):
    """200 with every element, or Xero's summarised 400 with the failed ones."""
    summarize = summarize_errors() if summarize is None else summarize
    failed = [o for o in outcomes if o.errors]
    if failed and summarize:
        return validation_exception(
            [echo(collection, o.element, o.errors) for o in failed]
        )
    _id_field, flag = ID_FIELDS[collection]
    items = []
    for outcome in outcomes:
        if outcome.errors:
            item = echo(collection, outcome.element, outcome.errors)
            item["StatusAttributeString"] = "ERROR"
        else:
            item = dict(outcome.item)
            if flag:
                item[flag] = False
            item["StatusAttributeString"] = "OK"
        items.append(item)
    return envelope(collection, items, **extra)
