"""Xero, QuickBooks Online and Sage 50 import files, each with its documented columns.

A document goes whole or not at all: one line the package cannot take (no nominal
code, a tax code with no equivalent) refuses the document, with the reason.
"""

import re

from app.exports.codes import Refused
from app.exports.plain import METHODS, price, quantity
from app.money import ZERO

XERO_CONTACT = (
    "*ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2",
    "POAddressLine3", "POAddressLine4", "POCity", "PORegion", "POPostalCode",
    "POCountry",
)  # fmt: skip
XERO_SALES_HEADER = (
    *XERO_CONTACT, "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate",
    "InventoryItemCode", "*Description", "*Quantity", "*UnitAmount", "Discount",
    "*AccountCode", "*TaxType", "TrackingName1", "TrackingOption1", "TrackingName2",
    "TrackingOption2", "Currency", "BrandingTheme",
)  # fmt: skip
# The bill template has no Reference, Discount or BrandingTheme; it adds Total and
# TaxAmount, and its Description is optional.
XERO_BILL_HEADER = (
    *XERO_CONTACT, "*InvoiceNumber", "*InvoiceDate", "*DueDate", "Total",
    "InventoryItemCode", "Description", "*Quantity", "*UnitAmount", "*AccountCode",
    "*TaxType", "TaxAmount", "TrackingName1", "TrackingOption1", "TrackingName2",
    "TrackingOption2", "Currency",
)  # fmt: skip
QBO_HEADER = (
    "InvoiceNo", "Customer", "InvoiceDate", "DueDate", "Terms", "Location", "Memo",
    "Item(Product/Service)", "ItemDescription", "ItemQuantity", "ItemRate",
    "ItemAmount", "ItemTaxCode", "ItemTaxAmount", "Currency", "Service Date",
)  # fmt: skip
SAGE_HEADER = (
    "Type", "Account Reference", "Nominal A/C Ref", "Department Code", "Date",
    "Reference", "Details", "Net Amount", "Tax Code", "Tax Amount", "Exchange Rate",
    "Extra Reference", "User Name", "Project Refn", "Cost Code Refn",
)  # fmt: skip
SAGE_TYPES = {
    "sales_invoices": "SI",
    "credit_notes": "SC",
    "payments": "SA",
    "purchase_invoices": "PI",
}
# Sage 50's field sizes: longer values are refused (references) or cut (details).
SAGE_ACCOUNT = re.compile(r"^[A-Z0-9]{1,8}$")
SAGE_NOMINAL = re.compile(r"^\d{1,8}$")
SAGE_REFERENCE, SAGE_DETAILS = 30, 60


def xero_contact(head):
    return [
        head.party_name,
        head.party_email,
        head.party_line1,
        head.party_line2,
        "",
        "",
        head.party_city,
        "",
        head.party_postcode,
        head.party_country,
    ]


def xero_sales(doc, codes, sign, due):
    head, rows = doc.head, []
    for position, line in enumerate(doc.lines, start=1):
        account = codes.nominal(line.nominal_code_id, position)[0]
        rows.append(
            [
                *xero_contact(head),
                head.number,
                head.reference,
                head.issue_date,
                due,
                "",
                line.description,
                sign * quantity(line.quantity),
                price(line.unit_price),
                "",
                account,
                codes.xero_tax(line.tax_code_id, position),
                "",
                "",
                "",
                "",  # fmt: skip
                codes.currency,
                "",
            ]
        )
    return rows


def xero_invoice_rows(doc, codes):
    return xero_sales(doc, codes, 1, doc.head.due_date)


def xero_credit_rows(doc, codes):
    # A credit note has no due date; Xero's template requires one: its own date.
    return xero_sales(doc, codes, -1, doc.head.issue_date)


def xero_bill_rows(doc, codes):
    head, rows = doc.head, []
    for position, line in enumerate(doc.lines, start=1):
        account = codes.nominal(line.nominal_code_id, position)[0]
        rows.append(
            [
                *xero_contact(head),
                head.number,
                head.issue_date,
                head.due_date,
                head.total,
                "",
                line.description,
                quantity(line.quantity),
                price(line.unit_price),
                account,
                codes.xero_tax(line.tax_code_id, position, purchases=True),
                line.tax_amount,
                "",
                "",
                "",
                "",  # fmt: skip
                codes.currency,
            ]
        )
    return rows


def quickbooks_rows(doc, codes):
    head, rows = doc.head, []
    for position, line in enumerate(doc.lines, start=1):
        nominal_name = codes.nominal(line.nominal_code_id, position)[1]
        rows.append(
            [
                head.number,
                head.party_name,
                head.issue_date,
                head.due_date,
                "",
                "",
                head.reference,
                # The sync posts each nominal code through a Service item of its name.
                nominal_name.replace(":", " ")[:100],
                line.description,
                quantity(line.quantity),
                price(line.unit_price),
                line.net_amount,
                codes.quickbooks_tax(line.tax_code_id, position),
                line.tax_amount,
                codes.currency,
                "",
            ]
        )
    return rows


def sage_account(record, party):
    account = (record.party_account or "").strip().upper()
    if not account:
        raise Refused(
            f"{party} {record.party_name} has no account reference; Sage 50 needs "
            "one (set the account number on the record)."
        )
    if not SAGE_ACCOUNT.match(account):
        raise Refused(
            f"{party} {record.party_name}'s account reference {account} is not a "
            "Sage 50 reference (up to 8 letters and digits)."
        )
    return account


def sage_reference(text, what):
    if len(text or "") > SAGE_REFERENCE:
        raise Refused(f"{what} {text} is longer than Sage 50's 30 characters.")
    return text or ""


def sage_nominal(codes, nominal_id, position):
    code = codes.nominal(nominal_id, position)[0]
    if not SAGE_NOMINAL.match(code):
        raise Refused(
            f"Line {position}: nominal code {code} is not a Sage 50 nominal code "
            "(up to 8 digits)."
        )
    return code


def sage_row(kind, account, nominal, when, reference, details, net, tax_code, tax,
             extra):  # fmt: skip
    return [
        SAGE_TYPES[kind], account, nominal, "", when, reference,
        (details or "")[:SAGE_DETAILS], net, tax_code, tax, "", extra, "", "", "",
    ]  # fmt: skip


def sage_rows(kind):
    """The row maker for one kind: SI, SC and PI per line; SA per payment."""
    party = "Supplier" if kind == "purchase_invoices" else "Customer"

    def payment(record, codes):
        account = sage_account(record, party)
        if codes.bank is None:
            raise Refused("Your chart has no bank nominal code to receive it into.")
        reference = sage_reference(record.invoice_number, "Invoice number")
        method = METHODS.get(record.method, record.method)
        details = f"Payment for {record.invoice_number} ({method})"
        extra = (record.reference or "")[:SAGE_REFERENCE]
        # Sage cannot import receipts allocated to invoices (SR): they arrive as
        # payments on account (SA), allocated in Sage afterwards.
        return [
            sage_row(kind, account, codes.bank, record.payment_date, reference,
                     details, record.amount, "T9", ZERO, extra)
        ]  # fmt: skip

    def document(doc, codes):
        head = doc.head
        account = sage_account(head, party)
        reference = sage_reference(head.number, "Number")
        extra = (head.reference or "")[:SAGE_REFERENCE]
        rows = []
        for position, line in enumerate(doc.lines, start=1):
            rows.append(
                sage_row(kind, account, sage_nominal(codes, line.nominal_code_id,
                         position), head.issue_date, reference, line.description,
                         line.net_amount, codes.sage_tax(line.tax_code_id, position),
                         line.tax_amount, extra)
            )  # fmt: skip
        return rows

    return payment if kind == "payments" else document
