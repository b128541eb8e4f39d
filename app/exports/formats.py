"""Which formats export which kinds, their columns, and how a cell is written.

Spreadsheet safety: a text cell starting with =, +, -, @, tab or carriage return
gets a leading apostrophe, so Excel shows it as text instead of running it. Numbers
we write ourselves (amounts, quantities, rates) are Decimals, never text, and stay
as they are: a credit of -12.00 must reach the package as a number.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.exports import packages, plain

KINDS = {
    "sales_invoices": "Sales invoices",
    "credit_notes": "Credit notes",
    "payments": "Payments",
    "purchase_invoices": "Purchase invoices",
    "customers": "Customers",
    "suppliers": "Suppliers",
}
FORMATS = {
    "ledgerbridge": "LedgerBridge CSV",
    "xero": "Xero",
    "quickbooks": "QuickBooks Online",
    "sage50": "Sage 50 Accounts",
}
# What each kind's rows are counted in, for the page and the progress bar.
DOCUMENT_KINDS = ("sales_invoices", "credit_notes", "purchase_invoices")
CONTACT_KINDS = ("customers", "suppliers")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Layout:
    """A format's columns for one kind and the function making a record's rows."""

    header: tuple
    rows: object  # (record, codes) -> [[cell, ...], ...]; raises Refused
    note: str = ""


LAYOUTS = {
    "ledgerbridge": {
        "sales_invoices": Layout(plain.SALES_HEADER, plain.sales_rows),
        "credit_notes": Layout(plain.CREDIT_HEADER, plain.credit_rows),
        "payments": Layout(plain.PAYMENT_HEADER, plain.payment_rows),
        "purchase_invoices": Layout(plain.PURCHASE_HEADER, plain.purchase_rows),
        "customers": Layout(plain.CONTACT_HEADER, plain.contact_rows),
        "suppliers": Layout(plain.CONTACT_HEADER, plain.contact_rows),
    },
    "xero": {
        "sales_invoices": Layout(
            packages.XERO_SALES_HEADER,
            packages.xero_invoice_rows,
            "Xero's sales invoice import template; import as tax exclusive.",
        ),
        "credit_notes": Layout(
            packages.XERO_SALES_HEADER,
            packages.xero_credit_rows,
            "Xero's sales invoice template: negative quantities make credit notes.",
        ),
        "purchase_invoices": Layout(
            packages.XERO_BILL_HEADER,
            packages.xero_bill_rows,
            "Xero's bill import template; import as tax exclusive.",
        ),
    },
    "quickbooks": {
        "sales_invoices": Layout(
            packages.QBO_HEADER,
            packages.quickbooks_rows,
            "QuickBooks Online's invoice import; choose dd/mm/yyyy dates and "
            "amounts exclusive of tax.",
        ),
    },
    "sage50": {
        kind: Layout(
            packages.SAGE_HEADER,
            packages.sage_rows(kind),
            "Sage 50 Accounts' audit trail transaction import (File > Import).",
        )
        for kind in ("sales_invoices", "credit_notes", "payments", "purchase_invoices")
    },
}
REFUSALS = {
    "xero": "Xero's CSV import takes sales invoices, credit notes and bills",
    "quickbooks": "QuickBooks Online's CSV import here takes sales invoices",
    "sage50": (
        "Sage 50's audit trail import takes sales invoices (SI), credit notes (SC), "
        "payments (SA) and purchase invoices (PI)"
    ),
}


def layout(fmt, kind):
    return LAYOUTS.get(fmt, {}).get(kind)


def refusal(fmt, kind):
    """Why this pair cannot be exported, or None when it can."""
    if fmt not in FORMATS:
        return "Choose a format from the list."
    if kind not in KINDS:
        return "Choose what to export from the list."
    if layout(fmt, kind) is not None:
        return None
    return (
        f"{REFUSALS[fmt]}, not {KINDS[kind].lower()}. Export "
        f"{KINDS[kind].lower()} as the LedgerBridge CSV instead."
    )


def supported():
    """[(format label, [kind labels])] for the page's table."""
    return [
        (label, [KINDS[kind] for kind in KINDS if kind in LAYOUTS[fmt]])
        for fmt, label in FORMATS.items()
    ]


def cell(value):
    """One value as CSV text: Decimals as plain numbers, text made safe."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if text.startswith(DANGEROUS):
        return "'" + text
    return text
