"""Customers: list, search, pages, add, edit, switch off, delete, scoping."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Customer
from tests import factories
from tests.conftest import htmx_headers
from tests.factories import fresh


def count_customers(company):
    return db.session.scalar(
        sa.select(sa.func.count()).where(Customer.company_id == company.id)
    )


def customer_named(company, name):
    db.session.expire_all()
    return db.session.scalar(
        Customer.for_company(company.id).where(Customer.name == name)
    )


VALID = {
    "name": "Harbour View Lettings",
    "account_number": "C0042",
    "email": "accounts@harbourview.example",
    "phone": "0117 496 0123",
    "address_line1": "4 Quay Street",
    "address_line2": "",
    "city": "Bristol",
    "postcode": "BS1 4DJ",
    "country": "GB",
}


def test_list_shows_active_customers_by_default(client, auth, company):
    factories.make_customer(company, "Brightwater Housing", city="Leeds")
    factories.make_customer(company, "Old Mill Cafe", active=False)
    auth.login()

    page = client.get("/customers/").get_data(as_text=True)
    assert "<html" in page
    assert 'id="customer-table"' in page
    assert "Brightwater Housing" in page and "Leeds" in page
    assert "Old Mill Cafe" not in page

    inactive = client.get("/customers/?show=inactive").get_data(as_text=True)
    assert "Old Mill Cafe" in inactive and "Brightwater Housing" not in inactive
    assert 'class="inactive"' in inactive

    everyone = client.get("/customers/?show=all").get_data(as_text=True)
    assert "Old Mill Cafe" in everyone and "Brightwater Housing" in everyone

    unknown = client.get("/customers/?show=nonsense").get_data(as_text=True)
    assert "Brightwater Housing" in unknown and "Old Mill Cafe" not in unknown


def test_list_has_search_as_you_type(client, auth, company):
    auth.login()
    page = client.get("/customers/").get_data(as_text=True)
    assert 'hx-get="/customers/"' in page
    assert 'hx-trigger="input changed delay:300ms, search"' in page
    assert 'hx-target="#customer-table"' in page
    assert 'hx-push-url="true"' in page


@pytest.mark.parametrize(
    "q", ["brightwater", "AP@BRIGHT", "c0007", "ls1 4ap", "LS14AP"]
)
def test_search_matches_name_email_account_and_postcode(client, auth, company, q):
    factories.make_customer(
        company,
        "Brightwater Housing",
        email="ap@bright.example",
        account_number="C0007",
        postcode="LS1 4AP",
    )
    factories.make_customer(company, "Kestrel Schools Trust", email="fm@kst.example")
    auth.login()
    page = client.get("/customers/", query_string={"q": q}).get_data(as_text=True)
    assert "Brightwater Housing" in page
    assert "Kestrel Schools Trust" not in page


def test_search_with_no_match_says_so(client, auth, company):
    factories.make_customer(company, "Brightwater Housing")
    auth.login()
    page = client.get("/customers/?q=zebra").get_data(as_text=True)
    assert "No active customers match “zebra”." in page


def test_htmx_search_returns_only_the_table(client, auth, company):
    factories.make_customer(company, "Brightwater Housing")
    factories.make_customer(company, "Kestrel Schools Trust", email="fm@kst.example")
    auth.login()
    response = client.get(
        "/customers/?q=kestrel&show=active", headers=htmx_headers("customer-table")
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body
    assert body.strip().startswith('<div id="customer-table">')
    assert "Kestrel Schools Trust" in body and "Brightwater Housing" not in body
    assert "HX-Request" in response.headers["Vary"]

    # An htmx request aimed elsewhere (or a boost) gets the whole page.
    other = client.get("/customers/", headers=htmx_headers("somewhere-else"))
    assert "<html" in other.get_data(as_text=True)


def test_pagination(app, client, auth, company):
    app.config["PER_PAGE"] = 2
    for name in ("Alder Homes", "Birch Ltd", "Cedar Care", "Damson Dental", "Elm"):
        factories.make_customer(company, name)
    auth.login()

    first = client.get("/customers/").get_data(as_text=True)
    assert "Alder Homes" in first and "Birch Ltd" in first
    assert "Cedar Care" not in first
    assert "Page 1 of 3" in first

    second = client.get("/customers/?page=2").get_data(as_text=True)
    assert "Cedar Care" in second and "Damson Dental" in second
    assert "Alder Homes" not in second

    for bad in ("abc", "-1", "0"):
        response = client.get(f"/customers/?page={bad}")
        assert response.status_code == 200
        assert "Alder Homes" in response.get_data(as_text=True)

    beyond = client.get("/customers/?page=99")
    assert beyond.status_code == 200
    assert "Alder Homes" not in beyond.get_data(as_text=True)


def test_list_shows_amount_outstanding(client, auth, company):
    customer = factories.make_customer(company, "Brightwater Housing")
    invoice = factories.make_invoice(company, customer, lines=(("1", "100", "T1"),))
    factories.make_payment(invoice, "20.00")
    factories.make_invoice(
        company, customer, lines=(("1", "500", "T1"),), status="draft"
    )
    auth.login()
    page = client.get("/customers/").get_data(as_text=True)
    # £120.00 approved less £20.00 paid; the draft does not count.
    assert "£100.00" in page
    assert "£600.00" not in page


def test_create_customer(client, auth, company):
    auth.login()
    form = client.get("/customers/new").get_data(as_text=True)
    assert 'value="GB"' in form

    data = dict(VALID, name="  Harbour View Lettings  ", postcode="bs1 4dj", country="")
    response = client.post("/customers/new", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/customers/")

    customer = customer_named(company, "Harbour View Lettings")
    assert customer.account_number == "C0042"
    assert customer.postcode == "BS1 4DJ"
    assert customer.country == "GB"
    assert customer.active is True

    page = client.get("/customers/").get_data(as_text=True)
    assert "Customer Harbour View Lettings saved." in page


def test_invalid_customer_shows_messages_and_saves_nothing(client, auth, company):
    auth.login()
    response = client.post(
        "/customers/new",
        data=dict(
            VALID,
            name="   ",
            email="not-an-email",
            phone="0" * 41,
            postcode="X" * 21,
            country="GBR",
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "nothing has been saved yet" in page
    assert "Enter a name." in page
    assert "Enter an email address like accounts@example.co.uk." in page
    assert "Keep the phone to 40 characters or fewer." in page
    assert "Keep the postcode to 20 characters or fewer." in page
    assert "Use the two-letter country code, like GB." in page
    assert count_customers(company) == 0


@pytest.mark.parametrize("email", ["jo@", "jo smith@example.co.uk", "@example.com"])
def test_email_must_be_valid(client, auth, company, email):
    auth.login()
    response = client.post("/customers/new", data=dict(VALID, email=email))
    assert "Enter an email address like accounts@example.co.uk." in response.get_data(
        as_text=True
    )
    assert count_customers(company) == 0


def test_email_is_optional(client, auth, company):
    auth.login()
    response = client.post("/customers/new", data=dict(VALID, email=" "))
    assert response.status_code == 302
    assert customer_named(company, VALID["name"]).email == ""


def test_duplicate_account_number_is_refused(client, auth, company):
    factories.make_customer(company, "Brightwater Housing", account_number="C0001")
    auth.login()
    response = client.post("/customers/new", data=dict(VALID, account_number=" C0001 "))
    assert response.status_code == 200
    assert (
        "Account number C0001 is already used by Brightwater Housing."
        in response.get_data(as_text=True)
    )
    assert count_customers(company) == 1


def test_duplicate_account_number_is_refused_on_edit(client, auth, company):
    factories.make_customer(company, "Brightwater Housing", account_number="C0001")
    other = factories.make_customer(company, "Kestrel Schools", account_number="C0002")
    auth.login()
    response = client.post(
        f"/customers/{other.id}/edit",
        data=dict(VALID, name="Kestrel Schools", account_number="C0001"),
    )
    assert "Account number C0001 is already used by Brightwater Housing." in (
        response.get_data(as_text=True)
    )
    assert fresh(Customer, other.id).account_number == "C0002"


def test_same_account_number_in_another_company_is_fine(
    client, auth, company, other_company
):
    factories.make_customer(other_company, "Rival Customer", account_number="C0042")
    auth.login()
    assert client.post("/customers/new", data=VALID).status_code == 302


def test_blank_account_numbers_are_allowed_twice(client, auth, company):
    auth.login()
    for name in ("First Blank", "Second Blank"):
        response = client.post(
            "/customers/new", data=dict(VALID, name=name, account_number="  ")
        )
        assert response.status_code == 302
    assert customer_named(company, "First Blank").account_number is None
    assert customer_named(company, "Second Blank").account_number is None


def test_edit_customer(client, auth, company):
    customer = factories.make_customer(
        company, "Brightwater Housing", account_number="C0001", city="Leeds"
    )
    auth.login()
    page = client.get(f"/customers/{customer.id}/edit").get_data(as_text=True)
    assert 'value="Brightwater Housing"' in page and 'value="Leeds"' in page
    assert f"/invoices/new?customer_id={customer.id}" in page
    assert "No invoices for this customer yet." in page

    response = client.post(
        f"/customers/{customer.id}/edit",
        data=dict(VALID, name="Brightwater Homes", account_number="C0001"),
    )
    assert response.status_code == 302
    saved = fresh(Customer, customer.id)
    assert saved.name == "Brightwater Homes"
    assert saved.account_number == "C0001"
    assert saved.city == "Bristol"


def test_edit_page_lists_the_latest_ten_invoices(client, auth, company):
    customer = factories.make_customer(company, "Brightwater Housing")
    for n in range(1, 12):
        factories.make_invoice(company, customer, number=f"INV-{n:05d}")
    auth.login()
    page = client.get(f"/customers/{customer.id}/edit").get_data(as_text=True)
    assert "INV-00011" in page and "INV-00002" in page
    assert "INV-00001<" not in page
    assert "On file: 11 invoices." in page
    # With invoices on file the customer can only be switched off, not deleted.
    assert "Deactivate" in page and ">Delete<" not in page


def test_invoice_links_on_edit_page(client, auth, company):
    invoice = factories.make_invoice(company)
    auth.login()
    page = client.get(f"/customers/{invoice.customer_id}/edit").get_data(as_text=True)
    assert f'href="/invoices/{invoice.id}"' in page


def test_deactivate_and_reactivate(client, auth, company):
    customer = factories.make_customer(company, "Brightwater Housing")
    auth.login()
    response = client.post(
        f"/customers/{customer.id}/deactivate", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Customer Brightwater Housing is now inactive" in page
    assert "Reactivate" in page
    assert f"/invoices/new?customer_id={customer.id}" not in page
    assert fresh(Customer, customer.id).active is False
    assert "Brightwater Housing" not in client.get("/customers/").get_data(as_text=True)
    assert "Brightwater Housing" not in client.get("/invoices/new").get_data(
        as_text=True
    )

    client.post(f"/customers/{customer.id}/reactivate")
    assert fresh(Customer, customer.id).active is True
    assert "Brightwater Housing" in client.get("/customers/").get_data(as_text=True)


def test_delete_customer_without_documents(client, auth, company):
    customer = factories.make_customer(company, "Brightwater Housing")
    auth.login()
    page = client.get(f"/customers/{customer.id}/edit").get_data(as_text=True)
    assert "data-confirm=" in page
    response = client.post(f"/customers/{customer.id}/delete", follow_redirects=True)
    assert "Customer Brightwater Housing deleted." in response.get_data(as_text=True)
    assert fresh(Customer, customer.id) is None


def test_delete_is_refused_when_the_customer_has_invoices(client, auth, company):
    invoice = factories.make_invoice(company)
    factories.make_credit_note(invoice)
    auth.login()
    response = client.post(
        f"/customers/{invoice.customer_id}/delete", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "has 1 invoice and 1 credit note on file, so they cannot be deleted" in page
    assert "Deactivate the customer instead" in page
    assert fresh(Customer, invoice.customer_id) is not None


def test_other_companys_customer_is_not_found(client, auth, company, other_company):
    theirs = factories.make_customer(other_company, "Rival Customer")
    auth.login()
    assert client.get(f"/customers/{theirs.id}/edit").status_code == 404
    assert client.post(f"/customers/{theirs.id}/edit", data=VALID).status_code == 404
    for action in ("deactivate", "reactivate", "delete"):
        assert client.post(f"/customers/{theirs.id}/{action}").status_code == 404
    kept = fresh(Customer, theirs.id)
    assert kept.name == "Rival Customer" and kept.active is True
    assert "Rival Customer" not in client.get("/customers/?show=all").get_data(
        as_text=True
    )


def test_unknown_customer_is_not_found(client, auth, company):
    auth.login()
    assert client.get("/customers/999999/edit").status_code == 404


def test_office_users_manage_customers(client, auth, company):
    auth.login_office()
    assert client.get("/customers/").status_code == 200
    assert client.post("/customers/new", data=VALID).status_code == 302
    customer = customer_named(company, VALID["name"])
    response = client.post(
        f"/customers/{customer.id}/edit", data=dict(VALID, phone="01632 960000")
    )
    assert response.status_code == 302
    assert client.post(f"/customers/{customer.id}/deactivate").status_code == 302
    saved = fresh(Customer, customer.id)
    assert saved.phone == "01632 960000" and saved.active is False
