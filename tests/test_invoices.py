"""Invoices: arithmetic, the lines editor, approval, voiding and payments."""

import re
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import Payment, SalesInvoice
from app.models.documents import line_amounts
from tests import factories
from tests.conftest import htmx_headers


def count(model):
    return db.session.scalar(sa.select(sa.func.count(model.id)))


def invoice_form(company, customer, lines, **fields):
    """Form data as the browser posts it."""
    data = {
        "customer_id": customer.id,
        "number": fields.get("number", "INV-00042"),
        "issue_date": fields.get("issue_date", "2026-11-01"),
        "due_date": fields.get("due_date", "01/12/2026"),
        "reference": fields.get("reference", "JOB-7"),
        "action": fields.get("action", "save"),
    }
    for i, (description, quantity, price, tax) in enumerate(lines):
        data[f"lines-{i}-description"] = description
        data[f"lines-{i}-quantity"] = quantity
        data[f"lines-{i}-unit_price"] = price
        data[f"lines-{i}-nominal_code_id"] = factories.nominal_code(company).id
        data[f"lines-{i}-tax_code_id"] = factories.tax_code(company, tax).id
    return data


def test_line_amounts_round_half_up_per_line():
    assert line_amounts(Decimal("1"), Decimal("0.125"), Decimal("20")) == (
        Decimal("0.13"),
        Decimal("0.03"),
    )
    assert line_amounts(Decimal("3"), Decimal("0.335"), Decimal("5")) == (
        Decimal("1.01"),
        Decimal("0.05"),
    )
    assert line_amounts(Decimal("2.5"), Decimal("19.99"), Decimal("0")) == (
        Decimal("49.98"),
        Decimal("0.00"),
    )


def test_totals_are_sums_of_rounded_lines(client, auth, company):
    customer = factories.make_customer(company)
    auth.login()
    lines = [("Filter", "1", "0.125", "T1"), ("Filter", "1", "0.125", "T1")]
    response = client.post("/invoices/new", data=invoice_form(company, customer, lines))
    assert response.status_code == 302
    invoice = db.session.scalar(sa.select(SalesInvoice))
    # Per line: 0.13 net, 0.03 VAT; a document-level sum would give 0.05 VAT.
    assert (invoice.net_total, invoice.tax_total, invoice.total) == (
        Decimal("0.26"),
        Decimal("0.06"),
        Decimal("0.32"),
    )
    assert invoice.status == SalesInvoice.DRAFT
    assert invoice.due_date == date(2026, 12, 1)
    assert [line.position for line in invoice.lines] == [0, 1]


def test_new_invoice_form_suggests_next_number(client, auth, company):
    factories.make_invoice(company, number="INV-00007")
    auth.login()
    html = client.get("/invoices/new").get_data(as_text=True)
    assert 'value="INV-00008"' in html


def test_invalid_invoice_shows_messages_and_saves_nothing(client, auth, company):
    customer = factories.make_customer(company)
    auth.login()
    data = invoice_form(
        company,
        customer,
        [("", "abc", "1.23456", "T1"), ("Labour", "-1", "£1,000", "T1")],
        due_date="2026-10-01",
    )
    data["customer_id"] = "0"
    response = client.post("/invoices/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose a customer." in html
    assert "The due date cannot be before the issue date." in html
    assert "Describe the line." in html
    assert "Quantity must be a number, like 12.50." in html
    assert "Unit price can have at most 4 decimal places." in html
    assert "Quantity must be at least 0.0001." in html
    assert "nothing has been saved yet" in html
    assert count(SalesInvoice) == 0


def test_bad_dates_get_a_message(client, auth, company):
    customer = factories.make_customer(company)
    auth.login()
    data = invoice_form(company, customer, [("Labour", "1", "10", "T1")])
    data["issue_date"] = "31/02/2026"
    html = client.post("/invoices/new", data=data).get_data(as_text=True)
    assert "Issue date: enter a date like 31/01/2026." in html
    assert count(SalesInvoice) == 0


def test_codes_of_another_company_are_refused(client, auth, company, other_company):
    customer = factories.make_customer(company)
    auth.login()
    data = invoice_form(company, customer, [("Labour", "1", "10", "T1")])
    data["lines-0-tax_code_id"] = factories.tax_code(other_company).id
    response = client.post("/invoices/new", data=data)
    assert response.status_code == 200
    assert b"Not a valid choice" in response.data
    assert count(SalesInvoice) == 0


def test_customer_of_another_company_is_refused(client, auth, company, other_company):
    rival_customer = factories.make_customer(other_company, name="Rival's client")
    auth.login()
    data = invoice_form(company, rival_customer, [("Labour", "1", "10", "T1")])
    response = client.post("/invoices/new", data=data)
    assert b"Not a valid choice" in response.data
    assert count(SalesInvoice) == 0


def test_duplicate_number_is_refused(client, auth, company):
    existing = factories.make_invoice(company, number="INV-00042")
    auth.login()
    data = invoice_form(company, existing.customer, [("Labour", "1", "10", "T1")])
    html = client.post("/invoices/new", data=data).get_data(as_text=True)
    assert "Invoice number INV-00042 is already used." in html
    assert count(SalesInvoice) == 1


def test_same_number_in_another_company_is_fine(client, auth, company, other_company):
    factories.make_invoice(other_company, number="INV-00042")
    customer = factories.make_customer(company)
    auth.login()
    data = invoice_form(company, customer, [("Labour", "1", "10", "T1")])
    assert client.post("/invoices/new", data=data).status_code == 302


def test_add_line_with_htmx_returns_lines_fragment(client, auth, company):
    customer = factories.make_customer(company)
    auth.login()
    data = invoice_form(company, customer, [("Boiler service", "2", "85", "T1")])
    data["action"] = "add_line"
    response = client.post("/invoices/lines", data=data, headers=htmx_headers("lines"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="lines"')
    assert "<html" not in html
    assert 'value="Boiler service"' in html
    assert 'name="lines-1-description"' in html
    assert 'name="lines-2-description"' not in html
    assert "£204.00" in html  # 2 x 85 + 20% VAT
    assert count(SalesInvoice) == 0


def test_remove_line_keeps_the_others(client, auth, company):
    customer = factories.make_customer(company)
    auth.login()
    data = invoice_form(
        company,
        customer,
        [
            ("First", "1", "1", "T1"),
            ("Second", "1", "2", "T1"),
            ("Third", "1", "3", "T0"),
        ],
    )
    data["action"] = "remove_line-1"
    html = client.post(
        "/invoices/lines", data=data, headers=htmx_headers("lines")
    ).get_data(as_text=True)
    assert 'value="First"' in html and 'value="Third"' in html
    assert 'value="Second"' not in html
    assert 'name="lines-1-description" required type="text" value="Third"' in html or (
        'name="lines-1-description"' in html
    )
    assert "£4.20" in html  # 1 + 20% and 3 at zero rate


def test_totals_only_refresh_sends_totals_and_line_amounts(client, auth, company):
    customer = factories.make_customer(company)
    auth.login()
    data = invoice_form(company, customer, [("Labour", "3", "55", "T1")])
    data["which"] = "totals"
    html = client.post(
        "/invoices/lines", data=data, headers=htmx_headers("totals")
    ).get_data(as_text=True)
    assert html.lstrip().startswith('<table id="totals"')
    assert 'id="line-net-0" hx-swap-oob="true">£165.00' in html
    assert 'id="line-tax-0" hx-swap-oob="true">£33.00' in html
    assert "£198.00" in html
    assert "lines-0-description" not in html


def test_add_line_without_javascript_rerenders_page(client, auth, company):
    customer = factories.make_customer(company)
    auth.login()
    data = invoice_form(company, customer, [("Labour", "1", "55", "T1")])
    data["action"] = "add_line"
    response = client.post("/invoices/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html
    assert 'name="lines-1-description"' in html
    assert count(SalesInvoice) == 0


def test_list_filters_searches_and_pages(client, auth, company, app):
    brightwater = factories.make_customer(company, name="Brightwater Housing")
    castle = factories.make_customer(
        company, name="Castle Dental", email="a@castle.example"
    )
    factories.make_invoice(company, brightwater, status=SalesInvoice.DRAFT)
    for _ in range(app.config["PER_PAGE"] + 1):
        factories.make_invoice(company, castle)
    auth.login()
    drafts = client.get("/invoices/?status=draft").get_data(as_text=True)
    assert "Brightwater Housing" in drafts and "Castle Dental" not in drafts
    found = client.get("/invoices/?q=bright").get_data(as_text=True)
    assert "Brightwater Housing" in found and "Castle Dental" not in found
    page_two = client.get("/invoices/?status=approved&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in page_two
    assert client.get("/invoices/?page=abc&status=nonsense").status_code == 200
    past_the_end = client.get("/invoices/?page=99").get_data(as_text=True)
    assert "Page 2 of 2" in past_the_end and "No invoices here yet." not in past_the_end


def test_list_search_fragment_for_htmx(client, auth, company):
    factories.make_invoice(company)
    auth.login()
    response = client.get("/invoices/?q=INV", headers=htmx_headers("invoice-table"))
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="invoice-table">')
    assert "<html" not in html
    assert "HX-Request" in response.headers["Vary"]
    boosted = client.get(
        "/invoices/?q=INV",
        headers={**htmx_headers("invoice-table"), "HX-Boosted": "true"},
    )
    assert b"<html" in boosted.data
    other_target = client.get("/invoices/", headers=htmx_headers("something-else"))
    assert b"<html" in other_target.data


def test_approve_and_void(client, auth, company):
    invoice = factories.make_invoice(company, status=SalesInvoice.DRAFT)
    auth.login()
    client.post(f"/invoices/{invoice.id}/approve")
    assert factories.fresh(SalesInvoice, invoice.id).status == SalesInvoice.APPROVED
    again = client.post(f"/invoices/{invoice.id}/approve", follow_redirects=True)
    assert b"is approved, so it cannot be approved" in again.data
    client.post(f"/invoices/{invoice.id}/void")
    assert factories.fresh(SalesInvoice, invoice.id).status == SalesInvoice.VOID


def test_zero_invoice_cannot_be_approved(client, auth, company):
    invoice = factories.make_invoice(
        company, lines=(("1", "0", "T1"),), status=SalesInvoice.DRAFT
    )
    auth.login()
    response = client.post(f"/invoices/{invoice.id}/approve", follow_redirects=True)
    assert b"a total above zero" in response.data
    assert factories.fresh(SalesInvoice, invoice.id).status == SalesInvoice.DRAFT


def test_paid_invoice_cannot_be_voided_or_edited(client, auth, company):
    invoice = factories.make_invoice(company)
    factories.make_payment(invoice, "10.00")
    auth.login()
    response = client.post(f"/invoices/{invoice.id}/void", follow_redirects=True)
    assert b"Payments are recorded against this invoice" in response.data
    assert factories.fresh(SalesInvoice, invoice.id).status == SalesInvoice.APPROVED
    edit = client.get(f"/invoices/{invoice.id}/edit", follow_redirects=True)
    assert b"can no longer be edited" in edit.data


def test_edit_draft_replaces_lines(client, auth, company):
    invoice = factories.make_invoice(company, status=SalesInvoice.DRAFT)
    auth.login()
    form = client.get(f"/invoices/{invoice.id}/edit").get_data(as_text=True)
    assert 'value="100.00"' in form and 'value="Line 1"' in form
    data = invoice_form(
        company,
        invoice.customer,
        [("Call-out", "2", "60", "T5")],
        number=invoice.number,
    )
    assert client.post(f"/invoices/{invoice.id}/edit", data=data).status_code == 302
    saved = factories.fresh(SalesInvoice, invoice.id)
    assert [line.description for line in saved.lines] == ["Call-out"]
    assert saved.total == Decimal("126.00")


def test_record_payment_from_invoice_page(client, auth, company):
    invoice = factories.make_invoice(company)  # 100 + 20 VAT
    auth.login()
    page = client.get(f"/invoices/{invoice.id}").get_data(as_text=True)
    assert "Record a payment" in page and 'value="120.00"' in page
    data = {
        "payment_date": invoice.issue_date.isoformat(),
        "amount": "120.01",
        "method": "bank_transfer",
    }
    html = client.post(f"/invoices/{invoice.id}/payments", data=data).get_data(
        as_text=True
    )
    assert "£120.01 is more than the £120.00 outstanding" in html
    assert count(Payment) == 0
    data["amount"] = "120.00"
    response = client.post(f"/invoices/{invoice.id}/payments", data=data)
    assert response.status_code == 302
    saved = factories.fresh(SalesInvoice, invoice.id)
    assert saved.amount_outstanding == 0 and saved.is_paid
    page = client.get(f"/invoices/{invoice.id}").get_data(as_text=True)
    assert "badge-paid" in page and "Record a payment" not in page


def test_payment_limits_count_credit_notes(client, auth, company):
    invoice = factories.make_invoice(company)  # 120.00
    factories.make_credit_note(invoice, lines=(("1", "50.00", "T1"),))  # 60.00
    factories.make_payment(invoice, "50.00")
    auth.login()
    data = {
        "payment_date": invoice.issue_date.isoformat(),
        "amount": "10.01",
        "method": "card",
    }
    html = client.post(f"/invoices/{invoice.id}/payments", data=data).get_data(
        as_text=True
    )
    assert "more than the £10.00 outstanding" in html
    assert count(Payment) == 1


def test_payment_on_draft_invoice_is_refused(client, auth, company):
    invoice = factories.make_invoice(company, status=SalesInvoice.DRAFT)
    auth.login()
    data = {
        "payment_date": (date.today() + timedelta(days=1)).isoformat(),
        "amount": "1",
        "method": "cash",
    }
    response = client.post(
        f"/invoices/{invoice.id}/payments", data=data, follow_redirects=True
    )
    assert b"only approved invoices take payments" in response.data
    assert count(Payment) == 0


def test_new_invoice_first_line_has_sensible_defaults(client, auth, company):
    auth.login()
    html = client.get("/invoices/new").get_data(as_text=True)
    standard = factories.tax_code(company, "T1").id
    sales = factories.nominal_code(company, "4000").id
    assert re.search(r'name="lines-0-quantity"[^>]*value="1"', html)
    assert f'<option selected value="{standard}">' in html
    assert f'<option selected value="{sales}">' in html
