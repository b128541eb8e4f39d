"""A Save clicked twice (or a form sent again) makes one record (issue 18.4).

Concurrent requests as in tests/test_races_money.py: own app, own client, a barrier.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Customer, Payment, Supplier
from tests import factories
from tests.test_races_money import at_once
from tests.test_races_numbers import count, forms

CLICKS = 6
TOKEN = "a-form-rendered-once-0123"


def token_in(page):
    """The hidden submission token a page's form carries."""
    found = re.search(r'name="submission" value="([A-Za-z0-9_-]+)"', page)
    assert found, "the form carries no submission token"
    return found.group(1)


def contact_form(name, token=TOKEN):
    return {"name": name, "country": "GB", "submission": token}


@pytest.mark.parametrize(
    "area, model", [("customers", Customer), ("suppliers", Supplier)]
)
def test_save_clicked_six_times_at_once_makes_one_contact(
    company, make_app, area, model
):
    replies = at_once(
        make_app,
        CLICKS,
        lambda client, _i: client.post(f"/{area}/new", data=contact_form("Quick Fix")),
    )
    assert count(model) == 1
    assert [r.status_code for r in replies] == [302] * CLICKS
    contact = db.session.scalar(sa.select(model))
    edit = f"/{area}/{contact.id}/edit"
    assert sorted(r.location for r in replies) == [f"/{area}/"] + [edit] * (CLICKS - 1)


@pytest.mark.parametrize("kind", ["invoice", "credit note", "purchase invoice"])
def test_save_clicked_six_times_at_once_makes_one_document(company, make_app, kind):
    url, data, model, _told = forms(company, kind)
    data = {**data, "submission": TOKEN}
    replies = at_once(make_app, CLICKS, lambda client, _i: client.post(url, data=data))
    assert count(model) == 1
    assert [r.status_code for r in replies] == [302] * CLICKS
    assert len({r.location for r in replies}) == 1  # everyone sees the one made


def test_a_payment_clicked_twice_at_once_is_recorded_once(company, make_app):
    invoice_id = factories.make_invoice(company, lines=[("1", "100", "T0")]).id
    data = {
        "payment_date": date.today().isoformat(),
        "amount": "20.00",
        "method": "card",
        "submission": TOKEN,
    }
    replies = at_once(
        make_app,
        2,
        lambda client, _i: client.post(f"/invoices/{invoice_id}/payments", data=data),
    )
    assert [r.status_code for r in replies] == [302, 302]
    total = db.session.scalar(sa.select(sa.func.sum(Payment.amount)))
    assert (count(Payment), total) == (1, Decimal("20.00"))


def test_a_form_sent_again_goes_to_what_it_made(client, auth, company):
    auth.login()
    token = token_in(client.get("/customers/new").get_data(as_text=True))
    first = client.post("/customers/new", data=contact_form("Quick Fix", token))
    assert first.status_code == 302
    again = client.post(
        "/customers/new", data=contact_form("Quick Fix", token), follow_redirects=True
    )
    assert "Customer Quick Fix was already saved" in again.get_data(as_text=True)
    assert count(Customer) == 1


def test_two_forms_with_one_name_are_two_customers(client, auth, company):
    auth.login()
    for _ in range(2):
        token = token_in(client.get("/customers/new").get_data(as_text=True))
        client.post("/customers/new", data=contact_form("Quick Fix", token))
    assert count(Customer) == 2


def test_a_refused_form_keeps_its_token_and_saves_once_corrected(client, auth, company):
    auth.login()
    token = token_in(client.get("/customers/new").get_data(as_text=True))
    refused = client.post("/customers/new", data=contact_form("", token))
    assert token_in(refused.get_data(as_text=True)) == token
    fixed = client.post("/customers/new", data=contact_form("Fixed", token))
    assert fixed.status_code == 302
    assert count(Customer) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/customers/new",
        "/suppliers/new",
        "/invoices/new",
        "/credit-notes/new",
        "/purchases/new",
        "/payments/new",
    ],
)
def test_every_create_form_carries_a_token(client, auth, company, path):
    factories.make_invoice(company)  # something to pay, for the payment form
    auth.login()
    page = client.get(path).get_data(as_text=True)
    assert len(token_in(page)) >= 20
    assert token_in(client.get(path).get_data(as_text=True)) != token_in(page)


def test_the_invoice_page_payment_form_carries_a_token(client, auth, company):
    invoice = factories.make_invoice(company)
    auth.login()
    token_in(client.get(f"/invoices/{invoice.id}").get_data(as_text=True))


def test_edit_forms_carry_no_token(client, auth, company):
    customer = factories.make_customer(company)
    invoice = factories.make_invoice(company, customer, status="draft")
    auth.login()
    for path in (f"/customers/{customer.id}/edit", f"/invoices/{invoice.id}/edit"):
        assert 'name="submission"' not in client.get(path).get_data(as_text=True)
