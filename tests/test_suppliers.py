"""Suppliers: list, search, pages, add, edit, switch off, delete, scoping."""

import sqlalchemy as sa

from app.extensions import db
from app.models import Supplier
from tests import factories
from tests.conftest import htmx_headers
from tests.factories import fresh

VALID = {
    "name": "Northern Boiler Spares",
    "account_number": "S0100",
    "email": "sales@nbs.example",
    "phone": "0161 496 0456",
    "address_line1": "Unit 7, Trafford Park",
    "address_line2": "",
    "city": "Manchester",
    "postcode": "M17 1AB",
    "country": "gb",
}


def count_suppliers(company):
    return db.session.scalar(
        sa.select(sa.func.count()).where(Supplier.company_id == company.id)
    )


def supplier_named(company, name):
    db.session.expire_all()
    return db.session.scalar(
        Supplier.for_company(company.id).where(Supplier.name == name)
    )


def test_list_search_and_filter(client, auth, company):
    factories.make_supplier(
        company, "City Plumbing Supplies", account_number="S0001", postcode="B1 1AA"
    )
    factories.make_supplier(company, "Wolseley", email="orders@wolseley.example")
    factories.make_supplier(company, "Closed Timber Yard", active=False)
    auth.login()

    page = client.get("/suppliers/").get_data(as_text=True)
    assert "<html" in page and 'id="supplier-table"' in page
    assert 'hx-target="#supplier-table"' in page
    assert "City Plumbing Supplies" in page and "Wolseley" in page
    assert "Closed Timber Yard" not in page

    for q in ("city plumb", "s0001", "b11aa"):
        found = client.get("/suppliers/", query_string={"q": q}).get_data(as_text=True)
        assert "City Plumbing Supplies" in found and "Wolseley" not in found
    by_email = client.get("/suppliers/?q=orders@").get_data(as_text=True)
    assert "Wolseley" in by_email and "City Plumbing Supplies" not in by_email

    inactive = client.get("/suppliers/?show=inactive").get_data(as_text=True)
    assert "Closed Timber Yard" in inactive and "Wolseley" not in inactive
    everyone = client.get("/suppliers/?show=all").get_data(as_text=True)
    assert "Closed Timber Yard" in everyone and "Wolseley" in everyone


def test_htmx_search_returns_only_the_table(client, auth, company):
    factories.make_supplier(company, "City Plumbing Supplies")
    factories.make_supplier(company, "Wolseley")
    auth.login()
    response = client.get(
        "/suppliers/?q=wols&show=all", headers=htmx_headers("supplier-table")
    )
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert body.strip().startswith('<div id="supplier-table">')
    assert "Wolseley" in body and "City Plumbing Supplies" not in body
    assert "HX-Request" in response.headers["Vary"]


def test_pagination(app, client, auth, company):
    app.config["PER_PAGE"] = 2
    for name in ("Alpha Pipes", "Bravo Valves", "Charlie Tools"):
        factories.make_supplier(company, name)
    auth.login()
    second = client.get("/suppliers/?page=2").get_data(as_text=True)
    assert "Charlie Tools" in second and "Alpha Pipes" not in second
    assert "Page 2 of 2" in second
    for bad in ("abc", "-1"):
        response = client.get(f"/suppliers/?page={bad}")
        assert response.status_code == 200
        assert "Alpha Pipes" in response.get_data(as_text=True)


def test_create_supplier(client, auth, company):
    auth.login()
    response = client.post("/suppliers/new", data=VALID)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/suppliers/")
    supplier = supplier_named(company, "Northern Boiler Spares")
    assert supplier.country == "GB"
    assert supplier.account_number == "S0100"
    page = client.get("/suppliers/").get_data(as_text=True)
    assert "Supplier Northern Boiler Spares saved." in page


def test_invalid_supplier_shows_messages_and_saves_nothing(client, auth, company):
    auth.login()
    response = client.post(
        "/suppliers/new", data=dict(VALID, name="", email="sales@", phone="1" * 41)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter a name." in page
    assert "Enter an email address like accounts@example.co.uk." in page
    assert "Keep the phone to 40 characters or fewer." in page
    assert count_suppliers(company) == 0


def test_account_numbers_unique_but_blanks_allowed(client, auth, company):
    factories.make_supplier(company, "City Plumbing Supplies", account_number="S0100")
    auth.login()
    response = client.post("/suppliers/new", data=VALID)
    assert (
        "Account number S0100 is already used by City Plumbing Supplies."
        in response.get_data(as_text=True)
    )
    assert count_suppliers(company) == 1

    for name in ("Blank One", "Blank Two"):
        data = dict(VALID, name=name, account_number="")
        assert client.post("/suppliers/new", data=data).status_code == 302
    assert supplier_named(company, "Blank Two").account_number is None


def test_edit_supplier(client, auth, company):
    supplier = factories.make_supplier(company, "City Plumbing Supplies")
    auth.login()
    page = client.get(f"/suppliers/{supplier.id}/edit").get_data(as_text=True)
    assert 'value="City Plumbing Supplies"' in page
    assert "No purchase invoices from this supplier yet." in page
    response = client.post(f"/suppliers/{supplier.id}/edit", data=VALID)
    assert response.status_code == 302
    assert fresh(Supplier, supplier.id).name == "Northern Boiler Spares"


def test_deactivate_and_reactivate(client, auth, company):
    supplier = factories.make_supplier(company, "City Plumbing Supplies")
    auth.login()
    response = client.post(
        f"/suppliers/{supplier.id}/deactivate", follow_redirects=True
    )
    assert "Supplier City Plumbing Supplies is now inactive" in response.get_data(
        as_text=True
    )
    assert fresh(Supplier, supplier.id).active is False
    listing = client.get("/suppliers/").get_data(as_text=True)
    assert "City Plumbing Supplies" not in listing

    client.post(f"/suppliers/{supplier.id}/reactivate")
    assert fresh(Supplier, supplier.id).active is True


def test_delete_supplier_without_purchase_invoices(client, auth, company):
    supplier = factories.make_supplier(company, "City Plumbing Supplies")
    auth.login()
    response = client.post(f"/suppliers/{supplier.id}/delete", follow_redirects=True)
    assert "Supplier City Plumbing Supplies deleted." in response.get_data(as_text=True)
    assert fresh(Supplier, supplier.id) is None


def test_delete_is_refused_when_purchase_invoices_exist(client, auth, company):
    bill = factories.make_purchase_invoice(company)
    auth.login()
    response = client.post(
        f"/suppliers/{bill.supplier_id}/delete", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "has 1 purchase invoice on file, so they cannot be deleted" in page
    assert "Deactivate the supplier instead" in page
    assert fresh(Supplier, bill.supplier_id) is not None


def test_edit_page_lists_purchase_invoices(client, auth, company):
    supplier = factories.make_supplier(company, "City Plumbing Supplies")
    bill = factories.make_purchase_invoice(company, supplier, number="CPS-778")
    auth.login()
    page = client.get(f"/suppliers/{supplier.id}/edit").get_data(as_text=True)
    assert f'href="/purchases/{bill.id}">CPS-778</a>' in page
    assert "On file: 1 purchase invoice." in page
    # With documents on file the supplier can only be switched off.
    assert "Deactivate" in page and ">Delete<" not in page


def test_other_companys_supplier_is_not_found(client, auth, company, other_company):
    theirs = factories.make_supplier(other_company, "Rival Supplier")
    auth.login()
    assert client.get(f"/suppliers/{theirs.id}/edit").status_code == 404
    assert client.post(f"/suppliers/{theirs.id}/edit", data=VALID).status_code == 404
    for action in ("deactivate", "reactivate", "delete"):
        assert client.post(f"/suppliers/{theirs.id}/{action}").status_code == 404
    kept = fresh(Supplier, theirs.id)
    assert kept.name == "Rival Supplier" and kept.active is True


def test_office_users_manage_suppliers(client, auth, company):
    auth.login_office()
    assert client.get("/suppliers/").status_code == 200
    assert client.post("/suppliers/new", data=VALID).status_code == 302
    supplier = supplier_named(company, VALID["name"])
    assert client.post(f"/suppliers/{supplier.id}/deactivate").status_code == 302
    assert fresh(Supplier, supplier.id).active is False
