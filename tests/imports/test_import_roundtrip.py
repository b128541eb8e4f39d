"""What the Export half writes, the Import half reads back into another company."""

import pytest

from app.extensions import db
from app.models import PurchaseInvoice, Supplier
from tests import factories
from tests.imports.helpers import upload_and_confirm

LINES = (
    ("2", "12.50", "T1", "5000"),
    ("1", "300.00", "T5", "5000"),
    ("3", "4.99", "T0", "5000"),
)


def export(client, kind, fmt):
    response = client.post("/reports/exports/", data={"kind": kind, "format": fmt})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data()


def signed_in(client, email):
    client.post("/logout")
    client.post("/login", data={"email": email, "password": factories.PASSWORD})


def bills(company):
    return db.session.scalars(
        PurchaseInvoice.for_company(company.id).order_by(PurchaseInvoice.number)
    ).all()


def shape(bill):
    lines = [
        (
            line.description,
            line.quantity,
            line.unit_price,
            line.nominal_code.code,
            line.tax_code.code,
            line.net_amount,
            line.tax_amount,
        )
        for line in bill.lines
    ]
    return bill.number, bill.supplier.name, bill.issue_date, bill.total, lines


@pytest.mark.parametrize("fmt", ["ledgerbridge", "xero", "sage50"])
def test_purchase_invoices_round_trip(client, company, other_company, fmt):
    supplier = factories.make_supplier(company, account_number="CPS01")
    factories.make_purchase_invoice(company, supplier, lines=LINES, number="CPS-77")
    factories.make_supplier(other_company, account_number="CPS01")
    signed_in(client, "office@acme.example")
    data = export(client, "purchase_invoices", fmt)
    signed_in(client, "office@rival.example")
    upload_and_confirm(client, "purchase_invoices", data)
    (original,), (imported,) = bills(company), bills(other_company)
    expected = shape(original)
    if fmt == "sage50":  # Sage carries each line's net, not quantity and price
        expected[-1][:] = [
            (d, 1, net, n, t, net, tax) for d, _q, _p, n, t, net, tax in expected[-1]
        ]
    assert shape(imported) == expected
    if fmt != "sage50":  # Sage's audit trail has no due date: 30 days is assumed
        assert imported.due_date == original.due_date


@pytest.mark.parametrize("kind,model", [("suppliers", Supplier)])
def test_contacts_round_trip(client, company, other_company, kind, model):
    factories.make_supplier(
        company,
        account_number="S9",
        email="a@cp.example",
        city="Leeds",
        postcode="LS1 1AA",
    )
    signed_in(client, "office@acme.example")
    data = export(client, kind, "ledgerbridge")
    signed_in(client, "office@rival.example")
    upload_and_confirm(client, kind, data)
    copy = db.session.scalar(model.for_company(other_company.id))
    assert (copy.name, copy.account_number, copy.email, copy.city, copy.postcode) == (
        "City Plumbing Supplies",
        "S9",
        "a@cp.example",
        "Leeds",
        "LS1 1AA",
    )
