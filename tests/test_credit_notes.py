"""Credit notes: list, raise against an invoice, the crediting limit, approve, void."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, CreditNoteLine, SalesInvoice
from tests import factories
from tests.conftest import htmx_headers


def count(model):
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def line_data(company, lines):
    """Form fields for lines given as (description, quantity, unit price)."""
    nominal = factories.nominal_code(company).id
    tax = factories.tax_code(company).id
    data = {}
    for i, (description, quantity, price) in enumerate(lines):
        data.update(
            {
                f"lines-{i}-description": description,
                f"lines-{i}-quantity": quantity,
                f"lines-{i}-unit_price": price,
                f"lines-{i}-nominal_code_id": nominal,
                f"lines-{i}-tax_code_id": tax,
            }
        )
    return data


def note_form(company, lines=(("Refund", "1", "10.00"),), **fields):
    data = {
        "number": "CN-00001",
        "issue_date": date.today().isoformat(),
        "reference": "",
        "action": "save",
    }
    data.update(fields)
    data.update(line_data(company, lines))
    return data


def raise_against(client, invoice, lines, **fields):
    return client.post(
        f"/credit-notes/new?invoice_id={invoice.id}",
        data=note_form(invoice.company, lines, **fields),
    )


# The list


def test_list_shows_notes_with_customer_and_invoice(client, auth, company):
    invoice = factories.make_invoice(company)
    factories.make_credit_note(invoice)
    auth.login()
    response = client.get("/credit-notes/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<html" in page
    assert "CN-00001" in page
    assert "Brightwater Housing" in page
    assert invoice.number in page
    assert "£12.00" in page


def test_search_by_customer_number_reference_and_invoice(client, auth, company):
    first = factories.make_invoice(company)
    other = factories.make_invoice(
        company, customer=factories.make_customer(company, "Harbour Dental")
    )
    factories.make_credit_note(first)
    note = factories.make_credit_note(other)
    note.reference = "Broken boiler part"
    db.session.commit()
    auth.login()
    for q in ("harbour", "CN-00002", "boiler", other.number):
        page = client.get(f"/credit-notes/?q={q}").get_data(as_text=True)
        assert "CN-00002" in page, q
        assert "CN-00001" not in page, q
    page = client.get("/credit-notes/?q=nothing-like-this").get_data(as_text=True)
    assert "No credit notes match" in page


def test_search_as_you_type_returns_only_the_table(client, auth, company):
    factories.make_credit_note(factories.make_invoice(company))
    auth.login()
    response = client.get(
        "/credit-notes/?q=CN", headers=htmx_headers("credit-note-table")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page
    assert page.lstrip().startswith('<div id="credit-note-table">')
    assert "CN-00001" in page
    assert "HX-Request" in response.headers["Vary"]


def test_status_tabs_filter(client, auth, company):
    invoice = factories.make_invoice(company)
    factories.make_credit_note(invoice, status=CreditNote.DRAFT)
    factories.make_credit_note(invoice, status=CreditNote.VOID)
    auth.login()
    drafts = client.get("/credit-notes/?status=draft").get_data(as_text=True)
    assert "CN-00001" in drafts and "CN-00002" not in drafts
    voids = client.get("/credit-notes/?status=void").get_data(as_text=True)
    assert "CN-00002" in voids and "CN-00001" not in voids
    everything = client.get("/credit-notes/?status=nonsense").get_data(as_text=True)
    assert "CN-00001" in everything and "CN-00002" in everything


def test_pagination(app, client, auth, company):
    app.config["PER_PAGE"] = 2
    invoice = factories.make_invoice(company, lines=(("1", "1000", "T1"),))
    for _ in range(3):
        factories.make_credit_note(invoice)
    auth.login()
    first = client.get("/credit-notes/").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert "CN-00001" not in first
    second = client.get("/credit-notes/?page=2").get_data(as_text=True)
    assert "CN-00001" in second
    assert client.get("/credit-notes/?page=abc").status_code == 200


def test_other_companys_notes_are_not_listed(client, auth, company, other_company):
    factories.make_credit_note(factories.make_invoice(other_company), number="CN-RIVAL")
    auth.login()
    assert "CN-RIVAL" not in client.get("/credit-notes/").get_data(as_text=True)


# Raising a credit note


def test_new_against_invoice_is_prefilled(client, auth, company):
    invoice = factories.make_invoice(company, lines=(("2", "50.00", "T1"),))
    factories.make_payment(invoice, "20.00")
    auth.login()
    response = client.get(f"/credit-notes/new?invoice_id={invoice.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Credit for {invoice.number}" in page
    assert 'value="Line 1"' in page
    assert 'value="50.00"' in page
    assert 'value="CN-00001"' in page
    assert "Brightwater Housing" in page
    # £120.00 invoiced, £20.00 paid: £100.00 is left to credit.
    assert "£100.00" in page


def test_raise_against_invoice_saves_a_draft(client, auth, company):
    invoice = factories.make_invoice(company)
    auth.login()
    response = raise_against(client, invoice, [("Refund", "1", "25.00")])
    assert response.status_code == 302
    note = db.session.scalar(sa.select(CreditNote))
    assert response.headers["Location"].endswith(f"/credit-notes/{note.id}")
    assert note.status == CreditNote.DRAFT
    assert note.invoice_id == invoice.id
    assert note.customer_id == invoice.customer_id
    assert str(note.total) == "30.00"
    page = client.get(f"/credit-notes/{note.id}").get_data(as_text=True)
    assert "Refund" in page and invoice.number in page


def test_new_against_draft_invoice_redirects_back(client, auth, company):
    invoice = factories.make_invoice(company, status=SalesInvoice.DRAFT)
    auth.login()
    response = client.get(f"/credit-notes/new?invoice_id={invoice.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/invoices/{invoice.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "only approved invoices can be credited" in page


def test_credit_above_outstanding_is_refused_and_nothing_saved(client, auth, company):
    invoice = factories.make_invoice(company)  # £120.00
    factories.make_payment(invoice, "50.00")
    auth.login()
    notes, lines = count(CreditNote), count(CreditNoteLine)
    response = raise_against(client, invoice, [("Refund", "1", "60.00")])  # £72.00
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "totals £72.00 but only £70.00 is left to credit" in page
    assert count(CreditNote) == notes
    assert count(CreditNoteLine) == lines


def test_credit_exactly_equal_to_outstanding_is_allowed(client, auth, company):
    invoice = factories.make_invoice(company)
    factories.make_payment(invoice, "50.00")
    auth.login()
    # £58.33 net + £11.67 VAT = exactly the £70.00 left.
    response = raise_against(client, invoice, [("Refund", "1", "58.33")])
    assert response.status_code == 302
    note = db.session.scalar(sa.select(CreditNote))
    assert str(note.total) == "70.00"
    client.post(f"/credit-notes/{note.id}/approve")
    assert factories.fresh(CreditNote, note.id).status == CreditNote.APPROVED
    assert factories.fresh(SalesInvoice, invoice.id).amount_outstanding == 0


def test_payments_and_approved_credits_reduce_the_limit(client, auth, company):
    invoice = factories.make_invoice(company)  # £120.00
    factories.make_credit_note(invoice, lines=(("1", "50.00", "T1"),))  # £60.00
    factories.make_credit_note(
        invoice, lines=(("1", "50.00", "T1"),), status=CreditNote.DRAFT
    )  # drafts do not count
    factories.make_payment(invoice, "30.00")
    auth.login()
    response = raise_against(
        client, invoice, [("Refund", "1", "25.01")], number="CN-00010"
    )
    assert "only £30.00 is left to credit" in response.get_data(as_text=True)
    response = raise_against(
        client, invoice, [("Refund", "1", "25.00")], number="CN-00010"
    )
    assert response.status_code == 302


def test_second_approval_over_the_limit_is_refused(client, auth, company):
    invoice = factories.make_invoice(company)  # £120.00
    first = factories.make_credit_note(
        invoice, lines=(("1", "60.00", "T1"),), status=CreditNote.DRAFT
    )
    second = factories.make_credit_note(
        invoice, lines=(("1", "60.00", "T1"),), status=CreditNote.DRAFT
    )
    factories.make_payment(invoice, "10.00")
    auth.login()
    client.post(f"/credit-notes/{first.id}/approve")
    assert factories.fresh(CreditNote, first.id).status == CreditNote.APPROVED
    response = client.post(f"/credit-notes/{second.id}/approve", follow_redirects=True)
    assert "only £38.00 is left to credit" in response.get_data(as_text=True)
    assert factories.fresh(CreditNote, second.id).status == CreditNote.DRAFT


def test_free_credit_note_for_a_customer(client, auth, company):
    customer = factories.make_customer(company)
    auth.login()
    page = client.get("/credit-notes/new").get_data(as_text=True)
    assert "Choose a customer" in page
    response = client.post(
        "/credit-notes/new",
        data=note_form(company, [("Goodwill", "1", "500")], customer_id=customer.id),
    )
    assert response.status_code == 302
    note = db.session.scalar(sa.select(CreditNote))
    assert note.invoice_id is None
    assert str(note.total) == "600.00"


def test_free_credit_note_checks_the_invoice_customer(client, auth, company):
    invoice = factories.make_invoice(company)
    stranger = factories.make_customer(company, "Harbour Dental")
    auth.login()
    page = client.get("/credit-notes/new").get_data(as_text=True)
    assert f"{invoice.number} · Brightwater Housing" in page
    response = client.post(
        "/credit-notes/new",
        data=note_form(company, customer_id=stranger.id, invoice_id=invoice.id),
    )
    page = response.get_data(as_text=True)
    assert "is for Brightwater Housing" in page
    assert f"Left to credit on invoice {invoice.number}" in page
    assert count(CreditNote) == 0
    response = client.post(
        "/credit-notes/new",
        data=note_form(company, customer_id=invoice.customer_id, invoice_id=invoice.id),
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(CreditNote.invoice_id)) == invoice.id


def test_free_credit_note_cannot_name_a_draft_invoice(client, auth, company):
    invoice = factories.make_invoice(company, status=SalesInvoice.DRAFT)
    auth.login()
    response = client.post(
        "/credit-notes/new",
        data=note_form(company, customer_id=invoice.customer_id, invoice_id=invoice.id),
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert count(CreditNote) == 0


def test_validation_messages(client, auth, company):
    invoice = factories.make_invoice(company)
    auth.login()
    response = raise_against(
        client,
        invoice,
        [("", "abc", "-1")],
        number="",
        issue_date=(invoice.issue_date - timedelta(days=1)).isoformat(),
    )
    page = response.get_data(as_text=True)
    assert "Give the credit note a number." in page
    assert "Describe the line." in page
    assert "Quantity must be a number" in page
    assert "Unit price must be at least" in page
    response = raise_against(
        client,
        invoice,
        [("Refund", "1", "1")],
        issue_date=(invoice.issue_date - timedelta(days=1)).isoformat(),
    )
    assert "cannot be dated before invoice" in response.get_data(as_text=True)
    response = client.post("/credit-notes/new", data=note_form(company))
    assert "Choose a customer." in response.get_data(as_text=True)
    assert count(CreditNote) == 0


def test_number_must_be_unique(client, auth, company):
    invoice = factories.make_invoice(company, lines=(("1", "1000", "T1"),))
    factories.make_credit_note(invoice)
    auth.login()
    response = raise_against(client, invoice, [("Refund", "1", "1")])
    assert "Credit note number CN-00001 is already used." in response.get_data(
        as_text=True
    )
    assert count(CreditNote) == 1


def test_lines_endpoint_adds_a_line(client, auth, company):
    auth.login()
    data = note_form(company, [("One", "1", "5")], action="add_line")
    response = client.post(
        "/credit-notes/lines", data=data, headers=htmx_headers("lines")
    )
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith('<div id="lines"')
    assert 'name="lines-1-description"' in page
    assert "<html" not in page


def test_edit_a_draft(client, auth, company):
    invoice = factories.make_invoice(company)
    note = factories.make_credit_note(invoice, status=CreditNote.DRAFT)
    auth.login()
    page = client.get(f"/credit-notes/{note.id}/edit").get_data(as_text=True)
    assert 'value="Line 1"' in page
    response = client.post(
        f"/credit-notes/{note.id}/edit",
        data=note_form(
            company,
            [("Changed", "2", "10")],
            customer_id=invoice.customer_id,
            invoice_id=invoice.id,
        ),
    )
    assert response.status_code == 302
    note = factories.fresh(CreditNote, note.id)
    assert [line.description for line in note.lines] == ["Changed"]
    assert str(note.total) == "24.00"
    response = client.post(
        f"/credit-notes/{note.id}/edit",
        data=note_form(
            company,
            [("Too much", "1", "200")],
            customer_id=invoice.customer_id,
            invoice_id=invoice.id,
        ),
    )
    assert "only £120.00 is left to credit" in response.get_data(as_text=True)
    note = factories.fresh(CreditNote, note.id)
    assert [line.description for line in note.lines] == ["Changed"]


def test_approved_note_cannot_be_edited(client, auth, company):
    note = factories.make_credit_note(factories.make_invoice(company))
    auth.login()
    response = client.get(f"/credit-notes/{note.id}/edit")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/credit-notes/{note.id}")


# Approve and void


def test_approve_then_void(client, auth, company):
    invoice = factories.make_invoice(company)
    note = factories.make_credit_note(invoice, status=CreditNote.DRAFT)
    auth.login()
    page = client.get(f"/credit-notes/{note.id}").get_data(as_text=True)
    assert "Approve" in page and "Edit" in page
    assert f"Left to credit on {invoice.number}" in page
    client.post(f"/credit-notes/{note.id}/approve")
    assert factories.fresh(CreditNote, note.id).status == CreditNote.APPROVED
    assert str(factories.fresh(SalesInvoice, invoice.id).amount_outstanding) == "108.00"
    response = client.post(f"/credit-notes/{note.id}/approve", follow_redirects=True)
    assert "is approved, so it cannot be approved" in response.get_data(as_text=True)
    client.post(f"/credit-notes/{note.id}/void")
    assert factories.fresh(CreditNote, note.id).status == CreditNote.VOID
    assert str(factories.fresh(SalesInvoice, invoice.id).amount_outstanding) == "120.00"
    response = client.post(f"/credit-notes/{note.id}/void", follow_redirects=True)
    assert "already void" in response.get_data(as_text=True)


def test_zero_total_cannot_be_approved(client, auth, company):
    note = factories.make_credit_note(
        factories.make_invoice(company),
        lines=(("1", "0", "T1"),),
        status=CreditNote.DRAFT,
    )
    auth.login()
    response = client.post(f"/credit-notes/{note.id}/approve", follow_redirects=True)
    assert "a total above zero" in response.get_data(as_text=True)
    assert factories.fresh(CreditNote, note.id).status == CreditNote.DRAFT


def test_draft_against_a_voided_invoice_cannot_be_approved(client, auth, company):
    invoice = factories.make_invoice(company)
    note = factories.make_credit_note(invoice, status=CreditNote.DRAFT)
    invoice.status = SalesInvoice.VOID
    db.session.commit()
    auth.login()
    response = client.post(f"/credit-notes/{note.id}/approve", follow_redirects=True)
    assert "only approved invoices can be credited" in response.get_data(as_text=True)
    assert factories.fresh(CreditNote, note.id).status == CreditNote.DRAFT


def test_office_users_can_raise_and_approve(client, auth, company):
    note = factories.make_credit_note(
        factories.make_invoice(company), status=CreditNote.DRAFT
    )
    auth.login_office()
    client.post(f"/credit-notes/{note.id}/approve")
    assert factories.fresh(CreditNote, note.id).status == CreditNote.APPROVED


# Another company's ids


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/credit-notes/{id}"),
        ("get", "/credit-notes/{id}/edit"),
        ("post", "/credit-notes/{id}/edit"),
        ("post", "/credit-notes/{id}/approve"),
        ("post", "/credit-notes/{id}/void"),
    ],
)
def test_other_companys_note_is_404(client, auth, company, other_company, method, path):
    note = factories.make_credit_note(
        factories.make_invoice(other_company), status=CreditNote.DRAFT
    )
    auth.login()
    response = getattr(client, method)(path.format(id=note.id), data={})
    assert response.status_code == 404
    assert factories.fresh(CreditNote, note.id).status == CreditNote.DRAFT


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_companys_invoice_is_404(client, auth, company, other_company, method):
    invoice = factories.make_invoice(other_company)
    auth.login()
    response = getattr(client, method)(
        f"/credit-notes/new?invoice_id={invoice.id}",
        data=note_form(other_company),
    )
    assert response.status_code == 404
    assert count(CreditNote) == 0


def test_other_companys_invoice_cannot_be_chosen(client, auth, company, other_company):
    rival = factories.make_invoice(other_company)
    customer = factories.make_customer(company)
    auth.login()
    response = client.post(
        "/credit-notes/new",
        data=note_form(company, customer_id=customer.id, invoice_id=rival.id),
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert count(CreditNote) == 0
