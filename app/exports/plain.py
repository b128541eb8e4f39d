"""The LedgerBridge CSV: one row per line, each carrying its document's totals."""

from decimal import Decimal

PARTY = ("Account number",)
LINE = (
    "Line",
    "Description",
    "Quantity",
    "Unit price",
    "Nominal code",
    "Tax code",
    "Tax rate",
    "Net",
    "Tax",
    "Gross",
    "Document net",
    "Document tax",
    "Document total",
    "Currency",
)
SALES_HEADER = (
    "Number", "Issue date", "Due date", "Status", "Customer", *PARTY, "Reference",
    *LINE,
)  # fmt: skip
CREDIT_HEADER = (
    "Number", "Issue date", "Credits invoice", "Status", "Customer", *PARTY,
    "Reference", *LINE,
)  # fmt: skip
PURCHASE_HEADER = (
    "Number", "Issue date", "Due date", "Status", "Supplier", *PARTY, "Reference",
    *LINE,
)  # fmt: skip
PAYMENT_HEADER = (
    "Date", "Amount", "Method", "Reference", "Invoice", "Customer", *PARTY, "Currency",
)  # fmt: skip
CONTACT_HEADER = (
    "Name", "Account number", "Email", "Phone", "Address line 1", "Address line 2",
    "City", "Postcode", "Country", "Active",
)  # fmt: skip
METHODS = {
    "bank_transfer": "Bank transfer",
    "card": "Card",
    "cash": "Cash",
    "cheque": "Cheque",
    "direct_debit": "Direct debit",
}


def number(value, places):
    """A Decimal with no exponent: whole numbers bare, else at least `places`."""
    value = Decimal(value)
    if value == value.to_integral_value() and places == 0:
        return value.quantize(Decimal(1))
    step = Decimal(1).scaleb(-places)
    if value == value.quantize(step):
        return value.quantize(step)
    return value.normalize()


def quantity(value):
    return number(value, 0)


def price(value):
    return number(value, 2)


def document_rows(doc, codes, middle):
    """Rows of a sales invoice, credit note or purchase invoice."""
    head, rows = doc.head, []
    for position, line in enumerate(doc.lines, start=1):
        nominal = codes.nominals.get(line.nominal_code_id, ("", ""))[0]
        tax = codes.taxes.get(line.tax_code_id)
        rows.append(
            [
                head.number,
                head.issue_date,
                middle,
                head.status,
                head.party_name,
                head.party_account,
                head.reference,
                position,
                line.description,
                quantity(line.quantity),
                price(line.unit_price),
                nominal,
                tax.code if tax else "",
                number(tax.rate, 0) if tax else None,
                line.net_amount,
                line.tax_amount,
                line.net_amount + line.tax_amount,
                head.net_total,
                head.tax_total,
                head.total,
                codes.currency,
            ]
        )
    return rows


def sales_rows(doc, codes):
    return document_rows(doc, codes, doc.head.due_date)


def credit_rows(doc, codes):
    return document_rows(doc, codes, doc.head.credited)


def purchase_rows(doc, codes):
    return document_rows(doc, codes, doc.head.due_date)


def payment_rows(payment, codes):
    return [
        [
            payment.payment_date,
            payment.amount,
            METHODS.get(payment.method, payment.method),
            payment.reference,
            payment.invoice_number,
            payment.party_name,
            payment.party_account,
            codes.currency,
        ]
    ]


def contact_rows(contact, codes):
    return [
        [
            contact.name,
            contact.account_number,
            contact.email,
            contact.phone,
            contact.address_line1,
            contact.address_line2,
            contact.city,
            contact.postcode,
            contact.country,
            bool(contact.active),
        ]
    ]
