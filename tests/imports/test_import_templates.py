"""Every template the import page offers reads back: each column, for every kind."""

import csv
import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.imports.kinds import KINDS
from app.models import (
    Company,
    Customer,
    NominalCode,
    PurchaseInvoice,
    Supplier,
    TaxCode,
)
from demo import data, seed
from tests import factories
from tests.imports.helpers import URL, confirm, preview, upload, upload_id

# One value a person would type under each heading, and the value it should become.
FILLED = {
    "customers": {
        "Name": "Kestrel Schools Trust",
        "Account number": "K-77",
        "Email": "ap@kestrel.example",
        "Phone": "0113 496 0001",
        "Address line 1": "2 Kiln Road",
        "Address line 2": "Unit 4",
        "Town or city": "Wakefield",
        "Postcode": "WF1 2AB",
        "Country": "GB",
    },
    "tax_codes": {"Code": "T7", "Name": "Flat rate", "Rate": "16.5"},
    "nominal_codes": {"Code": "6100", "Name": "Travel", "Type": "expense"},
    "purchase_invoices": {
        "Supplier": "Kiln Timber Ltd",
        "Supplier account": "KT-1",
        "Invoice number": "KT-9001",
        "Invoice date": "14/01/2026",
        "Due date": "13/02/2026",
        "Reference": "Job 77",
        "Description": "Oak boards",
        "Quantity": "3",
        "Unit price": "12.50",
        "Nominal code": "5000",
        "Tax code": "T1",
    },
}
FILLED["suppliers"] = dict(FILLED["customers"], Name="Kiln Timber Ltd")


def saved(kind, company):
    """What the import made, as {template heading: value as text}."""
    if kind in ("customers", "suppliers"):
        model = Customer if kind == "customers" else Supplier
        row = db.session.scalar(
            model.for_company(company.id).where(model.name.like("K%"))
        )
        return {spec.label: getattr(row, spec.name) for spec in KINDS[kind].fields}
    if kind == "tax_codes":
        row = db.session.scalar(
            TaxCode.for_company(company.id).where(TaxCode.code == "T7")
        )
        return {"Code": row.code, "Name": row.name, "Rate": f"{row.rate.normalize()}"}
    if kind == "nominal_codes":
        row = db.session.scalar(
            NominalCode.for_company(company.id).where(NominalCode.code == "6100")
        )
        return {"Code": row.code, "Name": row.name, "Type": row.type}
    bill = db.session.scalar(PurchaseInvoice.for_company(company.id))
    (line,) = bill.lines
    return {
        "Supplier": bill.supplier.name,
        "Supplier account": bill.supplier.account_number,
        "Invoice number": bill.number,
        "Invoice date": f"{bill.issue_date:%d/%m/%Y}",
        "Due date": f"{bill.due_date:%d/%m/%Y}",
        "Reference": bill.reference,
        "Description": line.description,
        "Quantity": f"{line.quantity.normalize()}",
        "Unit price": f"{line.unit_price:.2f}",
        "Nominal code": line.nominal_code.code,
        "Tax code": line.tax_code.code,
    }


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_template_imports_back_with_every_column(client, auth, company, kind):
    """Download the template, fill one row under its headings, import, compare."""
    if kind == "purchase_invoices":  # bills name a supplier we already hold
        factories.make_supplier(company, name="Kiln Timber Ltd", account_number="KT-1")
    auth.login()
    reply = client.get(f"{URL}template/{kind}.csv")
    assert reply.status_code == 200
    text = reply.data.decode("utf-8-sig")  # Excel wants the BOM; a person never sees it
    header, _example = list(csv.reader(io.StringIO(text)))
    assert set(header) == set(FILLED[kind]), "a new column needs a value here"
    row = [FILLED[kind][heading] for heading in header]
    out = io.StringIO()
    csv.writer(out).writerows([header, row])

    upload_id_ = upload_id(upload(client, kind, out.getvalue()))
    page = preview(client, upload_id_)
    assert "Columns not used" not in page
    assert confirm(client, upload_id_).status_code == 302
    db.session.expire_all()
    assert saved(kind, company) == FILLED[kind]


@pytest.mark.parametrize("kind", ["customers", "suppliers"])
def test_the_demo_imports_each_contact_template_as_downloaded(client, app, kind):
    """The example row's account number is not one the demo's contacts hold."""
    seed.seed()
    email, password, _name = data.ADMIN
    client.post("/login", data={"email": email, "password": password})
    template = client.get(f"{URL}template/{kind}.csv").get_data(as_text=True)
    company = db.session.scalar(sa.select(Company).where(Company.name == data.COMPANY))
    model = Customer if kind == "customers" else Supplier
    before = len(db.session.scalars(model.for_company(company.id)).all())
    upload_id_ = upload_id(upload(client, kind, template))
    page = preview(client, upload_id_)
    assert "already used" not in page
    assert confirm(client, upload_id_).status_code == 302
    db.session.expire_all()
    assert len(db.session.scalars(model.for_company(company.id)).all()) == before + 1
