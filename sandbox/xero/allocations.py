"""Allocating an AUTHORISED credit note to an invoice of the same contact."""

import uuid
from decimal import Decimal

from sandbox.xero import store
from sandbox.xero.batch import Outcome
from sandbox.xero.documents import settle
from sandbox.xero.payments import NOT_FOUND
from sandbox.xero.rules import lock_date_error
from sandbox.xero.wire import date_fields, parse_date, to_decimal, today

MATCHING_TYPE = {"ACCRECCREDIT": "ACCREC", "ACCPAYCREDIT": "ACCPAY"}


def allocate(lookups, credit_row, element):
    """One allocation element against the credit note; returns an Outcome."""
    if not isinstance(element, dict):
        return Outcome({}, errors=["Each element must be an object."])
    credit = store.data_of(credit_row)
    errors = []
    given = element.get("Invoice") if isinstance(element.get("Invoice"), dict) else {}
    invoice_row = None
    if given.get("InvoiceID"):
        invoice_row = store.record(lookups.tenant_id, store.INVOICE, given["InvoiceID"])
    elif given.get("InvoiceNumber"):
        invoice_row = lookups.document_by_number(store.INVOICE, given["InvoiceNumber"])
    invoice = store.data_of(invoice_row) if invoice_row else None
    amount = to_decimal(element.get("Amount"))
    iso = (
        parse_date(element.get("Date")) if element.get("Date") else today().isoformat()
    )
    if credit["Status"] != "AUTHORISED":
        errors.append("Only AUTHORISED credit notes can be allocated.")
    if invoice is None:
        errors.append(NOT_FOUND)
    elif invoice["Status"] != "AUTHORISED":
        errors.append("Credit notes can only be allocated to AUTHORISED invoices.")
    elif invoice["Type"] != MATCHING_TYPE[credit["Type"]] or invoice["Contact"].get(
        "ContactID"
    ) != credit["Contact"].get("ContactID"):
        errors.append("The credit note and invoice must be for the same contact.")
    if amount is None or amount <= 0:
        errors.append("Amount must be greater than zero.")
    elif not errors:
        if amount > Decimal(credit["RemainingCredit"]):
            errors.append("The amount allocated exceeds the remaining credit.")
        if amount > Decimal(invoice["AmountDue"]):
            errors.append(
                "Payment amount exceeds the amount outstanding on this document"
            )
    if iso is None:
        errors.append("Date is not a valid date.")
    elif not errors:
        message = lock_date_error(lookups, iso)
        if message:
            errors.append(message)
    if errors:
        return Outcome(element, errors=errors)
    amount = amount.quantize(Decimal("0.01"))
    allocation_id = str(uuid.uuid4())
    credit["AppliedAmount"] = Decimal(credit["AppliedAmount"]) + amount
    credit["Allocations"].append(
        {
            "AllocationID": allocation_id,
            "Amount": amount,
            "Date": iso,
            "Invoice": {
                "InvoiceID": invoice_row.id,
                "InvoiceNumber": invoice["InvoiceNumber"],
            },
        }
    )
    invoice["AmountCredited"] = Decimal(invoice["AmountCredited"]) + amount
    invoice["CreditNotes"].append(
        {
            "CreditNoteID": credit_row.id,
            "CreditNoteNumber": credit["CreditNoteNumber"],
            "AppliedAmount": amount,
            "Date": iso,
            "Total": credit["Total"],
        }
    )
    settle(store.CREDIT_NOTE, credit)
    settle(store.INVOICE, invoice)
    store.save(credit_row, credit, status=credit["Status"])
    store.save(invoice_row, invoice, status=invoice["Status"])
    item = {
        "AllocationID": allocation_id,
        "Amount": amount,
        "Invoice": {
            "InvoiceID": invoice_row.id,
            "InvoiceNumber": invoice["InvoiceNumber"],
            "Payments": [],
            "CreditNotes": [],
            "Prepayments": [],
            "Overpayments": [],
            "HasErrors": False,
            "IsDiscounted": False,
            "LineItems": [],
            "ValidationErrors": [],
        },
        "CreditNote": {
            "CreditNoteID": credit_row.id,
            "CreditNoteNumber": credit["CreditNoteNumber"],
            "LineItems": [],
        },
        "IsDeleted": False,
        "ValidationErrors": [],
    }
    date_fields(item, "Date", iso)
    item.pop("DateString", None)
    return Outcome(element, item=item)


def remove(lookups, credit_row, allocation_id):
    """Undo one allocation: the credit and the invoice's balance come back.

    Returns (allocation item, error message); (None, None) when not found.
    """
    credit = store.data_of(credit_row)
    allocation = next(
        (
            a
            for a in credit.get("Allocations", [])
            if a["AllocationID"] == allocation_id.lower()
        ),
        None,
    )
    if allocation is None:
        return None, None
    message = lock_date_error(lookups, allocation["Date"])
    if message:
        return None, message
    amount = Decimal(allocation["Amount"])
    invoice_row = store.record(
        lookups.tenant_id, store.INVOICE, allocation["Invoice"]["InvoiceID"]
    )
    invoice = store.data_of(invoice_row)
    credit["Allocations"].remove(allocation)
    credit["AppliedAmount"] = Decimal(credit["AppliedAmount"]) - amount
    invoice["AmountCredited"] = Decimal(invoice["AmountCredited"]) - amount
    for applied in invoice["CreditNotes"]:
        if (
            applied["CreditNoteID"] == credit_row.id
            and Decimal(applied["AppliedAmount"]) == amount
        ):
            invoice["CreditNotes"].remove(applied)
            break
    settle(store.CREDIT_NOTE, credit)
    settle(store.INVOICE, invoice)
    store.save(credit_row, credit, status=credit["Status"])
    store.save(invoice_row, invoice, status=invoice["Status"])
    item = {
        "AllocationID": allocation["AllocationID"],
        "Amount": amount,
        "Invoice": {"InvoiceID": invoice_row.id, "LineItems": []},
        "CreditNote": {"CreditNoteID": credit_row.id, "LineItems": []},
        "IsDeleted": True,
    }
    date_fields(item, "Date", allocation["Date"])
    item.pop("DateString", None)
    return item, None
