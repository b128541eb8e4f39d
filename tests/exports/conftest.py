"""A worked example with known figures, and helpers to export and read the CSV."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Export,
    Payment,
    SalesInvoice,
    SalesInvoiceLine,
)
from app.models.base import utcnow
from tests import factories

BOM = "\ufeff".encode()
JANUARY = {"date_from": "01/01/2026", "date_to": "31/01/2026"}


def sales_invoice(company, customer, number, issued, specs, reference="",
                  status=SalesInvoice.APPROVED):  # fmt: skip
    """specs: [(description, quantity, unit price, tax code, nominal code)]."""
    return factories.make_invoice(
        company, customer, lines=specs, status=status, number=number,
        issue_date=issued, reference=reference,
    )  # fmt: skip


def credit_note(invoice, number, issued, specs):
    return factories.make_credit_note(
        invoice, lines=specs, number=number, issue_date=issued, reference="Goodwill"
    )


def purchase_invoice(company, supplier, number, issued, specs, status="approved"):
    return factories.make_purchase_invoice(
        company, supplier, lines=specs, number=number, status=status,
        issue_date=issued, reference="Job 12",
    )  # fmt: skip


@dataclass
class Example:
    company: object
    bright: object
    cafe: object
    supplier: object
    invoice: object
    cafe_invoice: object
    draft: object
    note: object
    payment: object
    bill: object


@pytest.fixture
def example(company):
    """Two customers (one with no account reference), two approved invoices and a
    draft, a credit note, a payment and a purchase invoice, all in January 2026."""
    bright = factories.make_customer(
        company,
        "Brightwater Housing",
        account_number="BRIGHT01",
        address_line1="1 Quay Street",
        address_line2="Floor 2",
        city="Bristol",
        postcode="BS1 4DJ",
    )
    cafe = factories.make_customer(company, "Café Zoë", email="zoe@cafe.example")
    supplier = factories.make_supplier(
        company, "City Plumbing Supplies", account_number="CITY01"
    )
    invoice = sales_invoice(
        company,
        bright,
        "INV-00001",
        date(2026, 1, 5),
        [
            ("Boiler service", "2", "100.00", "T1", "4000"),
            ("Valve", "1", "12.50", "T5", "4010"),
        ],
        reference="PO-77",
    )
    cafe_invoice = sales_invoice(
        company,
        cafe,
        "INV-00002",
        date(2026, 1, 10),
        [("Tuyaux £ spécial", "3", "9.99", "T0", "4000")],
    )
    draft = sales_invoice(
        company,
        bright,
        "INV-00003",
        date(2026, 1, 12),
        [("Draft work", "1", "50.00", "T1", "4000")],
        status=SalesInvoice.DRAFT,
    )
    note = credit_note(
        invoice, "CN-00001", date(2026, 1, 20), [("Refund", "1", "10.00", "T1", "4000")]
    )
    payment = Payment(
        company_id=company.id,
        invoice=invoice,
        amount=Decimal("100.00"),
        payment_date=date(2026, 1, 25),
        method="bank_transfer",
        reference="BACS 123",
    )
    db.session.add(payment)
    db.session.commit()
    bill = purchase_invoice(
        company,
        supplier,
        "SUP-1",
        date(2026, 1, 8),
        [("Copper pipe", "4", "25.00", "T1", "5000")],
    )
    return Example(
        company, bright, cafe, supplier, invoice, cafe_invoice, draft, note, payment,
        bill,
    )  # fmt: skip


def export(client, kind, fmt, **filters):
    """POST the export form as a browser would; the response."""
    data = {"kind": kind, "format": fmt, "status": "", **filters}
    return client.post("/reports/exports/", data=data)


def read_csv(body):
    """The rows of a CSV body, after checking and dropping its BOM."""
    assert body.startswith(BOM), body[:20]
    return list(csv.reader(io.StringIO(body[len(BOM) :].decode("utf-8"), newline="")))


def exported(client, kind, fmt, **filters):
    """Export and return (header, rows, export row)."""
    response = export(client, kind, fmt, **filters)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/csv"
    rows = read_csv(response.get_data())
    db.session.expire_all()
    row = db.session.get(Export, int(response.headers["X-Export-Id"]))
    return rows[0], rows[1:], row


def make_export(company, user_row, status=Export.READY, days_left=7, **fields):
    """An export row as the app leaves one (no file unless the test writes one)."""
    row = Export(
        company_id=company.id,
        requested_by_id=user_row.id,
        kind=fields.pop("kind", "sales_invoices"),
        format=fields.pop("format", "ledgerbridge"),
        status=status,
        file_name="sales-invoices-ledgerbridge.csv",
        stored_name=fields.pop("stored_name", f"test-{utcnow().timestamp()}.csv"),
        expires_at=utcnow() + timedelta(days=days_left),
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


def bulk_invoices(company, customer, count, lines_each=1, start=date(2026, 2, 1)):
    """`count` approved invoices of 1 x 10.00 at 20% per line, inserted in bulk."""
    tax = factories.tax_code(company, "T1").id
    nominal = factories.nominal_code(company, "4000").id
    gross = Decimal("12.00") * lines_each
    db.session.execute(
        sa.insert(SalesInvoice),
        [
            {
                "company_id": company.id, "customer_id": customer.id,
                "number": f"BULK-{n:06d}", "issue_date": start, "due_date": start,
                "reference": "", "status": "approved",
                "net_total": gross / Decimal("1.2"), "tax_total": gross / 6,
                "total": gross,
            }
            for n in range(count)
        ],
    )  # fmt: skip
    ids = db.session.scalars(
        sa.select(SalesInvoice.id).where(SalesInvoice.number.like("BULK-%"))
    ).all()
    db.session.execute(
        sa.insert(SalesInvoiceLine),
        [
            {
                "invoice_id": invoice_id, "position": p, "description": "Bulk",
                "quantity": Decimal(1), "unit_price": Decimal(10),
                "net_amount": Decimal(10), "tax_amount": Decimal(2),
                "nominal_code_id": nominal, "tax_code_id": tax,
            }
            for invoice_id in ids
            for p in range(lines_each)
        ],
    )  # fmt: skip
    db.session.commit()
