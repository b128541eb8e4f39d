"""Two desks saving the same number at once: one is saved, the rest are told why
(issue 18.9), never a 500. Requests as in tests/test_races_money.py."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, PurchaseInvoice, SalesInvoice
from tests import factories
from tests.test_credit_notes import note_form
from tests.test_invoices import invoice_form
from tests.test_purchases import purchase_form
from tests.test_races_money import at_once

DESKS = 8


def count(model):
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def forms(company, kind):
    """(url, form data, model, what the refused are told) for one kind of document."""
    if kind == "invoice":
        customer = factories.make_customer(company)
        data = invoice_form(company, customer, [("Boiler", "1", "90.00", "T1")])
        return "/invoices/new", data, SalesInvoice, "Invoice number INV-00042 is"
    if kind == "credit note":
        customer = factories.make_customer(company)
        data = note_form(company, customer_id=customer.id)
        return "/credit-notes/new", data, CreditNote, "Credit note number CN-00001 is"
    supplier = factories.make_supplier(company)
    data = purchase_form(company, supplier, number="B-7")
    told = f"{supplier.name} already has an invoice numbered B-7"
    return "/purchases/new", data, PurchaseInvoice, told


@pytest.mark.parametrize("kind", ["invoice", "credit note", "purchase invoice"])
def test_one_number_saved_from_many_desks_at_once(company, make_app, kind):
    url, data, model, told = forms(company, kind)
    replies = at_once(
        make_app,
        DESKS,
        lambda client, i: client.post(url, data={**data, "reference": f"Desk {i}"}),
    )
    assert sorted(r.status_code for r in replies) == [200] * (DESKS - 1) + [302]
    refused = [r.get_data(as_text=True) for r in replies if r.status_code == 200]
    assert all(told in page for page in refused)
    assert count(model) == 1
