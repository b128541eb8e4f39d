"""How many lines a document holds: refused past the limit, never cut short."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, PurchaseInvoice, SalesInvoice
from app.sync import plan as sync_plan
from app.sync.options import options_for
from tests import factories
from tests.conftest import htmx_headers
from tests.sync import conftest as sync_fixtures

# A company connected to each sandbox over HTTP, as tests/sync/ has it.
admin, connected = sync_fixtures.admin, sync_fixtures.connected
http, linked_app = sync_fixtures.http, sync_fixtures.linked_app
sandbox_app, sandbox_url = sync_fixtures.sandbox_app, sync_fixtures.sandbox_url

MAX_LINES = 200  # per document, as the forms, the import and the preflight say
KINDS = {
    "invoices": (SalesInvoice, "4000"),
    "credit-notes": (CreditNote, "4000"),
    "purchases": (PurchaseInvoice, "5000"),
}


def document_form(company, kind, lines, number="DOC-1"):
    """The new-document form of `kind` as a browser posts it; lines are
    (quantity, unit price) pairs on the standard rate."""
    data = {
        "number": number,
        "issue_date": date.today().isoformat(),
        "due_date": date.today().isoformat(),
        "reference": "",
        "action": "save",
    }
    if kind == "purchases":
        data["supplier_id"] = factories.make_supplier(company).id
    else:
        data["customer_id"] = factories.make_customer(company).id
    nominal = factories.nominal_code(company, KINDS[kind][1]).id
    tax = factories.tax_code(company, "T1").id
    for i, (quantity, price) in enumerate(lines):
        data[f"lines-{i}-description"] = f"Line {i + 1}"
        data[f"lines-{i}-quantity"] = quantity
        data[f"lines-{i}-unit_price"] = price
        data[f"lines-{i}-nominal_code_id"] = nominal
        data[f"lines-{i}-tax_code_id"] = tax
    return data


def saved(model):
    db.session.expire_all()
    return db.session.scalars(sa.select(model)).all()


@pytest.mark.parametrize("kind", KINDS)
def test_one_line_too_many_refuses_the_whole_document(client, auth, company, kind):
    auth.login()
    lines = [("1", "1.20")] * (MAX_LINES + 5)
    reply = client.post(f"/{kind}/new", data=document_form(company, kind, lines))
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert "at most 200 lines and this one has 205" in page
    assert saved(KINDS[kind][0]) == []
    # Every line typed comes back, so the user can trim them, not retype them.
    assert 'name="lines-204-description"' in page


@pytest.mark.parametrize("kind", KINDS)
def test_the_limit_itself_is_kept_whole(client, auth, company, kind):
    auth.login()
    lines = [("1", "1.20")] * MAX_LINES
    reply = client.post(f"/{kind}/new", data=document_form(company, kind, lines))
    assert reply.status_code == 302, reply.get_data(as_text=True)[:2000]
    (document,) = saved(KINDS[kind][0])
    assert len(document.lines) == MAX_LINES
    assert document.net_total == Decimal("240.00")


def test_an_edit_with_too_many_lines_keeps_the_saved_document(client, auth, company):
    invoice = factories.make_invoice(company, status=SalesInvoice.DRAFT)
    auth.login()
    data = document_form(company, "invoices", [("1", "1.20")] * 201, invoice.number)
    data["customer_id"] = invoice.customer_id
    page = client.post(f"/invoices/{invoice.id}/edit", data=data).get_data(as_text=True)
    assert "at most 200 lines and this one has 201" in page
    (kept,) = saved(SalesInvoice)
    assert len(kept.lines) == 1 and kept.net_total == Decimal("100.00")


@pytest.mark.parametrize("kind", KINDS)
def test_add_line_stops_at_the_limit_and_says_so(client, auth, company, kind):
    auth.login()
    data = document_form(company, kind, [("1", "1.20")] * (MAX_LINES - 1))
    data["action"] = "add_line"
    headers = htmx_headers("lines")
    page = client.post(f"/{kind}/lines", data=data, headers=headers).get_data(
        as_text=True
    )
    assert f'name="lines-{MAX_LINES - 1}-description"' in page
    assert "a document can have at most 200" in page
    assert 'value="add_line" class="small" disabled' in page
    data = document_form(company, kind, [("1", "1.20")] * MAX_LINES)
    data["action"] = "add_line"
    page = client.post(f"/{kind}/lines", data=data, headers=headers).get_data(
        as_text=True
    )
    assert f'name="lines-{MAX_LINES}-description"' not in page
    assert 'value="add_line" class="small" disabled' in page
    fewer = document_form(company, kind, [("1", "1.20")] * 3)
    fewer["action"] = "add_line"
    page = client.post(f"/{kind}/lines", data=fewer, headers=headers).get_data(
        as_text=True
    )
    assert "disabled" not in page and "at most 200" not in page


@pytest.mark.parametrize("provider", ["xero", "quickbooks"])
def test_the_preflight_names_a_document_past_the_limit(app, company, connected):
    big = factories.make_invoice(
        company, lines=[("1", "1.00", "T1")] * (MAX_LINES + 1), number="BIG-1"
    )
    factories.make_invoice(company, lines=[("1", "1.00", "T1")] * MAX_LINES)
    with app.test_request_context():
        plan = sync_plan.build(connected, options_for(company.id), ["push_invoices"])
    (blocker,) = [b for b in plan.blockers if b.code == "too_many_lines"]
    assert blocker.local_id == big.id
    assert "BIG-1 has 201 lines; a document can have at most 200." in blocker.message
