"""Xero's wire format: /Date()/ values, error bodies, messages to our codes."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from app.providers.base import ProviderError

MS_DATE = re.compile(r"/Date\((-?\d+)([+-]\d{2,4})?\)/")

# Xero's Account Type to our kind of nominal code; Class covers any new types.
ACCOUNT_KINDS = {
    "BANK": "bank",
    "REVENUE": "revenue",
    "SALES": "revenue",
    "OTHERINCOME": "revenue",
    "EXPENSE": "expense",
    "DIRECTCOSTS": "expense",
    "OVERHEADS": "expense",
    "DEPRECIATN": "expense",
    "CURRENT": "asset",
    "FIXED": "asset",
    "INVENTORY": "asset",
    "NONCURRENT": "asset",
    "PREPAYMENT": "asset",
    "CURRLIAB": "liability",
    "LIABILITY": "liability",
    "TERMLIAB": "liability",
    "PAYG": "liability",
    "EQUITY": "equity",
}
CLASS_KINDS = {
    "ASSET": "asset",
    "EQUITY": "equity",
    "EXPENSE": "expense",
    "LIABILITY": "liability",
    "REVENUE": "revenue",
}


def parse_date(value):
    """A Xero date: /Date(ms+0000)/ (the milliseconds are UTC) or ISO; None if empty."""
    if not value:
        return None
    found = MS_DATE.fullmatch(value.strip())
    if found:
        moment = datetime.fromtimestamp(int(found.group(1)) / 1000, tz=UTC)
        return moment.date()
    return date.fromisoformat(value[:10])


def message_code(message):
    """Our code for a Xero validation message."""
    text = (message or "").lower()
    if "lock date" in text:
        return "locked_period"
    if (
        "must be unique" in text
        or "already assigned" in text
        or "already exists" in text
        or "already been used" in text
    ):
        return "duplicate"
    if "could not be found" in text or "not found" in text:
        return "not_found"
    return "validation"


def element_error(element):
    """ProviderError for a failed batch element, or None when it succeeded."""
    messages = [
        e.get("Message", "") for e in element.get("ValidationErrors") or [] if e
    ]
    for line in element.get("LineItems") or []:
        messages += [e.get("Message", "") for e in line.get("ValidationErrors") or []]
    failed = (
        element.get("StatusAttributeString") == "ERROR"
        or element.get("HasErrors")
        or element.get("HasValidationErrors")
    )
    if not failed and not messages:
        return None
    if not failed and element.get("StatusAttributeString") != "ERROR":
        return None  # warnings only
    text = " ".join(m for m in messages if m) or "Xero rejected this record."
    codes = [message_code(m) for m in messages] or ["validation"]
    code = next(
        (c for c in ("locked_period", "duplicate", "not_found") if c in codes),
        "validation",
    )
    return ProviderError(code, text, status=200)


def describe(response, code):
    """(our code, Xero's message, request id) for a failed reply."""
    try:
        body = response.json()
    except ValueError:
        return code, response.text.strip()[:500], None
    if not isinstance(body, dict):
        return code, str(body)[:500], None
    request_id = body.get("Instance") or body.get("Id")
    if body.get("Type") == "ValidationException" or body.get("Elements"):
        messages = [
            e.get("Message", "")
            for element in body.get("Elements") or []
            for e in element.get("ValidationErrors") or []
        ]
        text = " ".join(m for m in messages if m) or body.get("Message", "")
        return message_code(text), text, request_id
    detail = body.get("Detail") or body.get("Message") or body.get("Title") or ""
    if response.status_code == 401 and "AuthorizationUnsuccessful" in detail:
        code = "auth_revoked"  # a scope the connection lacks: reconnect to fix
    if response.status_code == 400 and code == "validation":
        code = message_code(detail)
    return code, detail, request_id


def phone(contact):
    for entry in contact.get("Phones") or []:
        parts = [
            entry.get(k) or ""
            for k in ("PhoneCountryCode", "PhoneAreaCode", "PhoneNumber")
        ]
        text = " ".join(p for p in parts if p)
        if text:
            return text
    return None


def contact_body(customer):
    body = {"Name": customer.name}
    if customer.remote_id:
        body["ContactID"] = customer.remote_id
    if customer.email:
        body["EmailAddress"] = customer.email
    if customer.account_number:
        body["ContactNumber"] = customer.account_number
    if customer.phone:
        body["Phones"] = [{"PhoneType": "DEFAULT", "PhoneNumber": customer.phone}]
    return body


def document_body(document, kind):
    body = {
        "Type": kind,
        "Contact": {"ContactID": document.customer_remote_id},
        "Date": document.date.isoformat(),
        "Status": "AUTHORISED" if document.approved else "DRAFT",
        "LineAmountTypes": "Inclusive" if document.amounts_include_tax else "Exclusive",
        "LineItems": [
            {
                "Description": line.description,
                "Quantity": Decimal(line.quantity),
                "UnitAmount": Decimal(line.unit_price),
                "AccountCode": line.nominal_code,
                "TaxType": line.tax_code,
            }
            for line in document.lines
        ],
    }
    body["InvoiceNumber" if kind == "ACCREC" else "CreditNoteNumber"] = document.number
    if document.due_date and kind == "ACCREC":
        body["DueDate"] = document.due_date.isoformat()
    if document.reference:
        body["Reference"] = document.reference
    return body


def payment_body(payment):
    body = {
        "Invoice": {"InvoiceID": payment.invoice_remote_id},
        "Account": {"Code": payment.bank_account_code},
        "Date": payment.date.isoformat(),
        "Amount": Decimal(payment.amount),
    }
    if payment.reference:
        body["Reference"] = payment.reference
    return body


def where_text(value):
    """A string safe inside a double-quoted Xero where literal."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"')
