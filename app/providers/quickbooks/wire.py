"""QuickBooks Online wire format: faults to our codes, entity bodies, query text."""

import re
from decimal import ROUND_HALF_UP, Decimal

from app.providers.base import ProviderError, same_amount

MINOR_VERSION = "75"  # of the Accounting API, sent on every call
FAULT_CODES = {
    "6140": "duplicate",
    "6240": "duplicate",
    "630": "duplicate",
    "6210": "locked_period",
    "2500": "not_found",
    "610": "not_found",
    "3200": "token_expired",
    "100": "token_expired",
    "3100": "auth_revoked",
    "120": "auth_revoked",
    "3001": "rate_limited",
}
XML_CODE = re.compile(r'<Error code="(\d+)">')
XML_DETAIL = re.compile(r"<Detail>(.*?)</Detail>", re.S)
CLASS_KINDS = {
    "Asset": "asset",
    "Equity": "equity",
    "Expense": "expense",
    "Liability": "liability",
    "Revenue": "revenue",
}


def quote(text):
    """A string literal for QBO's query language."""
    return "'" + str(text).replace("\\", "\\\\").replace("'", "\\'") + "'"


def fault_error(fault, status=None):
    """ProviderError from a Fault object (service or gateway spelling)."""
    errors = fault.get("Error") or fault.get("error") or [{}]
    first = errors[0] or {}
    code = str(first.get("code", ""))
    message = first.get("Detail") or first.get("detail") or ""
    message = message or first.get("Message") or first.get("message") or ""
    ours = FAULT_CODES.get(code)
    if ours is None:
        ours = "unavailable" if (status or 400) >= 500 else "validation"
    return ProviderError(
        ours, f"{message} (code {code})" if code else message, status=status
    )


def describe(response, code):
    """(our code, Intuit's message, intuit_tid) for a failed reply."""
    text = response.text or ""
    if text.lstrip().startswith("<"):
        # Throttles come back as XML whatever Accept said.
        found = XML_CODE.search(text)
        detail = XML_DETAIL.search(text)
        fault_code = found.group(1) if found else ""
        message = detail.group(1).strip() if detail else text[:300]
        return FAULT_CODES.get(fault_code, code), message, None
    try:
        body = response.json()
    except ValueError:
        return code, text.strip()[:500], None
    fault = body.get("Fault") or body.get("fault") if isinstance(body, dict) else None
    if not fault:
        return code, text.strip()[:500], None
    error = fault_error(fault, response.status_code)
    if response.status_code >= 500:
        return "unavailable", error.message, None
    return error.code, error.message, None


def money(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def sales_body(document, item_ids):
    """An Invoice or CreditMemo: lines point at the service item for their nominal."""
    body = {
        "CustomerRef": {"value": document.customer_remote_id},
        "DocNumber": document.number,
        "TxnDate": document.date.isoformat(),
        "GlobalTaxCalculation": (
            "TaxInclusive" if document.amounts_include_tax else "TaxExcluded"
        ),
        "Line": [
            {
                "DetailType": "SalesItemLineDetail",
                "Amount": money(Decimal(line.quantity) * Decimal(line.unit_price)),
                "Description": line.description,
                "SalesItemLineDetail": {
                    "ItemRef": {"value": item_ids[line.nominal_code]},
                    "Qty": Decimal(line.quantity),
                    "UnitPrice": Decimal(line.unit_price),
                    "TaxCodeRef": {"value": line.tax_code},
                },
            }
            for line in document.lines
        ],
    }
    if document.due_date:
        body["DueDate"] = document.due_date.isoformat()
    if document.reference:
        body["PrivateNote"] = document.reference
    return body


def customer_body(customer):
    body = {"DisplayName": customer.name}
    if customer.email:
        body["PrimaryEmailAddr"] = {"Address": customer.email}
    if customer.phone:
        body["PrimaryPhone"] = {"FreeFormNumber": customer.phone}
    if customer.account_number:
        body["AcctNum"] = customer.account_number
    return body


def payment_body(payment, account_id):
    body = {
        "CustomerRef": {"value": payment.customer_remote_id},
        "TotalAmt": money(payment.amount),
        "TxnDate": payment.date.isoformat(),
        "Line": [
            {
                "Amount": money(payment.amount),
                "LinkedTxn": [
                    {"TxnId": payment.invoice_remote_id, "TxnType": "Invoice"}
                ],
            }
        ],
    }
    if account_id:
        body["DepositToAccountRef"] = {"value": account_id}
    if payment.reference:
        body["PaymentRefNum"] = payment.reference[:21]
    return body


def allocation_body(allocation):
    """A zero-amount Payment linking the credit memo to the invoice."""
    amount = money(allocation.amount)
    return {
        "CustomerRef": {"value": allocation.customer_remote_id},
        "TotalAmt": Decimal("0"),
        "TxnDate": allocation.date.isoformat(),
        "Line": [
            {
                "Amount": amount,
                "LinkedTxn": [
                    {"TxnId": allocation.invoice_remote_id, "TxnType": "Invoice"}
                ],
            },
            {
                "Amount": amount,
                "LinkedTxn": [
                    {"TxnId": allocation.credit_note_remote_id, "TxnType": "CreditMemo"}
                ],
            },
        ],
    }


def applies(row, record, kind):
    """Whether a QBO Payment row is this payment (or allocation) of ours: same
    customer and date, and a line linking each document for the amount."""
    if (row.get("CustomerRef") or {}).get("value") != record.customer_remote_id:
        return False
    if row.get("TxnDate") != record.date.isoformat():
        return False
    linked = {
        (txn.get("TxnType"), str(txn.get("TxnId")))
        for line in row.get("Line") or []
        if same_amount(line.get("Amount"), record.amount)
        for txn in line.get("LinkedTxn") or []
    }
    if kind == "payment":
        wanted = {("Invoice", record.invoice_remote_id)}
        total = record.amount
    else:
        wanted = {
            ("Invoice", record.invoice_remote_id),
            ("CreditMemo", record.credit_note_remote_id),
        }
        total = 0
    return same_amount(row.get("TotalAmt"), total) and wanted <= linked


def is_void(row):
    """QBO marks a voided transaction only by zeroed amounts and its note."""
    return same_amount(row.get("TotalAmt"), 0) and "Voided" in (
        row.get("PrivateNote") or ""
    )
