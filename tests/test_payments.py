"""Payments: list, record against open invoices only, view and delete."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Payment, SalesInvoice
from tests import factories
from tests.conftest import htmx_headers


def count_payments():
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Payment))


def payment_form(invoice, amount="10.00", **fields):
    data = {
        "invoice_id": invoice.id,
        "payment_date": date.today().isoformat(),
        "amount": amount,
        "method": "bank_transfer",
        "reference": "",
    }
    data.update(fields)
    return data


# The list


def test_list_shows_payments_newest_first(client, auth, company):
    invoice = factories.make_invoice(company)
    factories.make_payment(invoice, "11.00", invoice.issue_date)
    factories.make_payment(invoice, "22.00", invoice.issue_date + timedelta(days=2))
    auth.login()
    response = client.get("/payments/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in page
    assert page.index("£22.00") < page.index("£11.00")
    assert invoice.number in page
    assert "Brightwater Housing" in page
    assert "Bank transfer" in page
    assert (invoice.issue_date + timedelta(days=2)).strftime("%d/%m/%Y") in page


def test_search_by_invoice_customer_and_reference(client, auth, company):
    first = factories.make_invoice(company)
    second = factories.make_invoice(
        company, customer=factories.make_customer(company, "Harbour Dental")
    )
    factories.make_payment(first, "11.00")
    paid = factories.make_payment(second, "22.00")
    paid.reference = "BACS 7781"
    db.session.commit()
    auth.login()
    for q in ("harbour", second.number, "bacs 77"):
        page = client.get(f"/payments/?q={q}").get_data(as_text=True)
        assert "£22.00" in page, q
        assert "£11.00" not in page, q
    page = client.get("/payments/?q=zzz").get_data(as_text=True)
    assert "No payments match" in page


def test_filter_by_method(client, auth, company):
    invoice = factories.make_invoice(company)
    factories.make_payment(invoice, "11.00")
    card = factories.make_payment(invoice, "22.00")
    card.method = "card"
    db.session.commit()
    auth.login()
    page = client.get("/payments/?method=card").get_data(as_text=True)
    assert "£22.00" in page and "£11.00" not in page
    page = client.get("/payments/?method=bitcoin").get_data(as_text=True)
    assert "£22.00" in page and "£11.00" in page


def test_search_returns_only_the_table_for_htmx(client, auth, company):
    factories.make_payment(factories.make_invoice(company), "11.00")
    auth.login()
    response = client.get("/payments/?q=INV", headers=htmx_headers("payment-table"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page
    assert page.lstrip().startswith('<div id="payment-table">')
    assert "£11.00" in page
    assert "HX-Request" in response.headers["Vary"]


def test_pagination(app, client, auth, company):
    app.config["PER_PAGE"] = 2
    invoice = factories.make_invoice(company)
    for day in range(3):
        factories.make_payment(invoice, f"{day + 1}.00", date.today() - timedelta(day))
    auth.login()
    first = client.get("/payments/").get_data(as_text=True)
    assert "Page 1 of 2" in first and "£3.00" not in first
    assert "£3.00" in client.get("/payments/?page=2").get_data(as_text=True)


def test_other_companys_payments_are_not_listed(client, auth, company, other_company):
    factories.make_payment(factories.make_invoice(other_company), "77.77")
    auth.login()
    assert "£77.77" not in client.get("/payments/").get_data(as_text=True)


# Recording


def test_new_with_invoice_prefills_the_outstanding_amount(client, auth, company):
    invoice = factories.make_invoice(company)
    factories.make_payment(invoice, "20.00")
    auth.login()
    page = client.get(f"/payments/new?invoice_id={invoice.id}").get_data(as_text=True)
    assert 'value="100.00"' in page
    assert f'<option selected value="{invoice.id}">' in page


def test_record_a_payment(client, auth, company):
    invoice = factories.make_invoice(company)
    auth.login()
    response = client.post(
        "/payments/new", data=payment_form(invoice, "45.50", reference="BACS 1")
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/invoices/{invoice.id}")
    payment = db.session.scalar(sa.select(Payment))
    assert str(payment.amount) == "45.50"
    assert payment.reference == "BACS 1"
    assert payment.company_id == company.id
    assert str(factories.fresh(SalesInvoice, invoice.id).amount_outstanding) == "74.50"


def test_payment_over_outstanding_is_refused(client, auth, company):
    invoice = factories.make_invoice(company)  # £120.00
    factories.make_credit_note(invoice)  # £12.00
    auth.login()
    before = count_payments()
    response = client.post("/payments/new", data=payment_form(invoice, "108.01"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "£108.01 is more than the £108.00 outstanding" in page
    assert count_payments() == before
    response = client.post("/payments/new", data=payment_form(invoice, "108.00"))
    assert response.status_code == 302
    assert count_payments() == before + 1


@pytest.mark.parametrize("status", [SalesInvoice.DRAFT, SalesInvoice.VOID])
def test_payment_to_unapproved_invoice_is_refused(client, auth, company, status):
    invoice = factories.make_invoice(company, status=status)
    auth.login()
    response = client.post("/payments/new", data=payment_form(invoice))
    page = response.get_data(as_text=True)
    assert f"is {status}; only approved invoices take payments" in page
    assert count_payments() == 0


def test_unapproved_invoices_are_not_offered(client, auth, company):
    draft = factories.make_invoice(company, status=SalesInvoice.DRAFT)
    paid = factories.make_invoice(company)
    factories.make_payment(paid, "120.00")
    open_one = factories.make_invoice(company)
    auth.login()
    page = client.get("/payments/new").get_data(as_text=True)
    assert open_one.number in page
    assert draft.number not in page
    assert paid.number not in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "Amount must be a number, like 12.50."),
        ("-5", "Amount must be at least 0.01."),
        ("1.234", "Amount can have at most 2 decimal places."),
        ("", "Amount is required."),
    ],
)
def test_bad_amounts_get_clear_messages(client, auth, company, amount, message):
    invoice = factories.make_invoice(company)
    auth.login()
    response = client.post("/payments/new", data=payment_form(invoice, amount))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count_payments() == 0


def test_payment_dated_before_the_invoice_is_refused(client, auth, company):
    invoice = factories.make_invoice(company)
    auth.login()
    early = (invoice.issue_date - timedelta(days=1)).isoformat()
    response = client.post(
        "/payments/new", data=payment_form(invoice, payment_date=early)
    )
    assert "cannot be before the invoice&#39;s issue date" in response.get_data(
        as_text=True
    )
    assert count_payments() == 0


def test_missing_invoice_and_bad_date(client, auth, company):
    invoice = factories.make_invoice(company)
    auth.login()
    response = client.post(
        "/payments/new",
        data=payment_form(invoice, invoice_id="0", payment_date="31/02/2026"),
    )
    page = response.get_data(as_text=True)
    assert "Choose the invoice this pays." in page
    assert "Payment date: enter a date like 31/01/2026." in page
    assert count_payments() == 0


# Another company's ids


def test_other_companys_invoice_is_404(client, auth, company, other_company):
    invoice = factories.make_invoice(other_company)
    auth.login()
    assert client.get(f"/payments/new?invoice_id={invoice.id}").status_code == 404
    assert client.post("/payments/new", data=payment_form(invoice)).status_code == 404
    assert count_payments() == 0


@pytest.mark.parametrize("login", ["login", "login_office"])
def test_other_companys_payment_is_404(client, auth, company, other_company, login):
    payment = factories.make_payment(factories.make_invoice(other_company), "5.00")
    getattr(auth, login)()
    assert client.get(f"/payments/{payment.id}").status_code == 404
    assert client.post(f"/payments/{payment.id}/delete").status_code == 404
    assert count_payments() == 1


# Show and delete


def test_show_payment(client, auth, company):
    invoice = factories.make_invoice(company)
    payment = factories.make_payment(invoice, "33.00")
    auth.login()
    page = client.get(f"/payments/{payment.id}").get_data(as_text=True)
    assert "£33.00" in page
    assert invoice.number in page
    assert "Delete" in page
    assert "data-confirm" in page


def test_office_user_cannot_delete_a_payment(client, auth, company):
    payment = factories.make_payment(factories.make_invoice(company), "33.00")
    auth.login_office()
    assert 'action="/payments/' not in client.get(f"/payments/{payment.id}").get_data(
        as_text=True
    )
    assert client.post(f"/payments/{payment.id}/delete").status_code == 403
    assert count_payments() == 1


def test_admin_deletes_a_payment_and_the_invoice_owes_it_again(client, auth, company):
    invoice = factories.make_invoice(company)
    payment = factories.make_payment(invoice, "120.00")
    payment_id = payment.id
    assert factories.fresh(SalesInvoice, invoice.id).is_paid
    auth.login()
    response = client.post(f"/payments/{payment_id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/invoices/{invoice.id}")
    assert count_payments() == 0
    assert str(factories.fresh(SalesInvoice, invoice.id).amount_outstanding) == "120.00"
    assert client.post(f"/payments/{payment_id}/delete").status_code == 404
