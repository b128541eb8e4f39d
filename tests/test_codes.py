"""Tax and nominal codes: lists, admin-only changes, rules, pulled codes read-only."""

import pytest

from app.codes.services import codes_editable
from app.models import NominalCode, TaxCode
from tests import factories
from tests.conftest import htmx_headers


def test_index_redirects_to_tax_codes(client, auth, company):
    auth.login()
    response = client.get("/codes/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/codes/tax")


def test_office_users_see_the_lists_without_controls(client, auth, company):
    auth.login_office()
    tax = client.get("/codes/tax").get_data(as_text=True)
    assert "Standard 20%" in tax and "20%" in tax
    assert "New tax code" not in tax and "Deactivate" not in tax
    assert "Only admins can add or change codes." in tax
    nominal = client.get("/codes/nominal").get_data(as_text=True)
    assert "Materials" in nominal and "New nominal code" not in nominal


def test_codes_are_editable_until_an_accounts_package_is_connected(company):
    assert codes_editable(company) is True


def test_create_and_edit_tax_code(client, auth, company):
    auth.login()
    response = client.post(
        "/codes/tax/new", data={"name": "Flat rate", "code": "T7", "rate": "16.5"}
    )
    assert response.status_code == 302
    row = factories.tax_code(company, "T7")
    assert str(row.rate.normalize()) == "16.5" and row.source == "local"
    form = client.get(f"/codes/tax/{row.id}/edit").get_data(as_text=True)
    assert 'value="16.5"' in form
    client.post(
        f"/codes/tax/{row.id}/edit",
        data={"name": "Flat rate scheme", "code": "T7", "rate": "12.5"},
    )
    row = factories.fresh(TaxCode, row.id)
    assert row.name == "Flat rate scheme" and str(row.rate.normalize()) == "12.5"


@pytest.mark.parametrize(
    ("code", "rate", "message"),
    [
        ("T1", "20", "Code T1 is already used by another tax code."),
        ("t1", "20", "Code t1 is already used by another tax code."),
        ("T8", "abc", "Rate must be a number, like 12.50."),
        ("T8", "150", "Rate must be at most 100."),
        ("T8", "-1", "Rate must be at least 0."),
        ("T8", "12.12345", "Rate can have at most 4 decimal places."),
        ("T8", "", "Rate is required."),
        ("", "20", "Enter a short code, like T1."),
    ],
)
def test_tax_code_messages(client, auth, company, code, rate, message):
    auth.login()
    response = client.post(
        "/codes/tax/new", data={"name": "Another", "code": code, "rate": rate}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert factories.tax_code(company, "T8") is None


def test_editing_a_code_to_a_taken_code_is_refused(client, auth, company):
    row = factories.tax_code(company, "T5")
    auth.login()
    page = client.post(
        f"/codes/tax/{row.id}/edit", data={"name": "Reduced", "code": "T0", "rate": "5"}
    )
    assert "Code T0 is already used by another tax code." in page.get_data(as_text=True)
    assert factories.fresh(TaxCode, row.id).code == "T5"


def test_nominal_list_filters_by_type_and_search(client, auth, company):
    auth.login_office()
    expense = client.get("/codes/nominal?type=expense").get_data(as_text=True)
    assert "Materials" in expense and "Sales - parts" not in expense
    found = client.get("/codes/nominal?q=bank").get_data(as_text=True)
    assert "1200" in found and "Materials" not in found
    response = client.get(
        "/codes/nominal?q=parts", headers=htmx_headers("nominal-table")
    )
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="nominal-table">')
    assert "<html" not in fragment and "4010" in fragment and "5000" not in fragment
    assert "HX-Request" in response.headers["Vary"]
    none = client.get("/codes/nominal?q=zzz&type=nonsense").get_data(as_text=True)
    assert "No nominal codes match." in none


def test_create_nominal_code_and_messages(client, auth, company):
    auth.login()
    ok = client.post(
        "/codes/nominal/new", data={"code": "0030", "name": "Tools", "type": "asset"}
    )
    assert ok.status_code == 302
    assert factories.nominal_code(company, "0030").type == "asset"
    taken = client.post(
        "/codes/nominal/new", data={"code": "5000", "name": "X", "type": "expense"}
    ).get_data(as_text=True)
    assert "Code 5000 is already used by another nominal code." in taken
    bad = client.post(
        "/codes/nominal/new", data={"code": "9999", "name": "X", "type": "spaceship"}
    ).get_data(as_text=True)
    assert "Choose a type from the list." in bad
    assert factories.nominal_code(company, "9999") is None


def test_deactivated_code_stays_on_documents_but_is_not_offered(client, auth, company):
    invoice = factories.make_invoice(company, status="draft")
    sales = factories.nominal_code(company, "4000")
    auth.login()
    client.post(f"/codes/nominal/{sales.id}/deactivate")
    assert factories.fresh(NominalCode, sales.id).active is False
    new_form = client.get("/invoices/new").get_data(as_text=True)
    assert ">4000 Sales</option>" not in new_form and "4010 Sales - parts" in new_form
    edit_form = client.get(f"/invoices/{invoice.id}/edit").get_data(as_text=True)
    assert ">4000 Sales</option>" in edit_form
    client.post(f"/codes/nominal/{sales.id}/activate")
    assert factories.fresh(NominalCode, sales.id).active is True


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/codes/tax/new"),
        ("post", "/codes/tax/new"),
        ("get", "/codes/tax/{tax}/edit"),
        ("post", "/codes/tax/{tax}/edit"),
        ("post", "/codes/tax/{tax}/deactivate"),
        ("post", "/codes/tax/{tax}/activate"),
        ("get", "/codes/nominal/new"),
        ("post", "/codes/nominal/new"),
        ("get", "/codes/nominal/{nominal}/edit"),
        ("post", "/codes/nominal/{nominal}/edit"),
        ("post", "/codes/nominal/{nominal}/deactivate"),
        ("post", "/codes/nominal/{nominal}/activate"),
    ],
)
def test_office_users_cannot_change_codes(client, auth, company, method, path):
    tax = factories.tax_code(company, "T1")
    nominal = factories.nominal_code(company, "5000")
    auth.login_office()
    response = getattr(client, method)(
        path.format(tax=tax.id, nominal=nominal.id),
        data={"name": "Hacked", "code": "H1", "rate": "1", "type": "asset"},
    )
    assert response.status_code == 403
    assert "This page is for admins" in response.get_data(as_text=True)
    assert factories.fresh(TaxCode, tax.id).active is True
    assert factories.fresh(NominalCode, nominal.id).name == "Materials"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/codes/tax/{tax}/edit"),
        ("post", "/codes/tax/{tax}/edit"),
        ("post", "/codes/tax/{tax}/deactivate"),
        ("get", "/codes/nominal/{nominal}/edit"),
        ("post", "/codes/nominal/{nominal}/edit"),
        ("post", "/codes/nominal/{nominal}/deactivate"),
    ],
)
def test_other_company_codes_404(client, auth, company, other_company, method, path):
    tax = factories.tax_code(other_company, "T1")
    nominal = factories.nominal_code(other_company, "5000")
    auth.login()
    response = getattr(client, method)(
        path.format(tax=tax.id, nominal=nominal.id),
        data={"name": "Mine now", "code": "M1", "rate": "1", "type": "asset"},
    )
    assert response.status_code == 404
    assert factories.fresh(TaxCode, tax.id).active is True
    assert factories.fresh(NominalCode, nominal.id).name == "Materials"


def test_codes_pulled_from_a_package_are_read_only(client, auth, company):
    tax = factories.tax_code(company, "T1")
    nominal = factories.nominal_code(company, "5000")
    tax.source, nominal.source = "xero", "quickbooks"
    factories.db.session.commit()
    auth.login()
    listing = client.get("/codes/tax").get_data(as_text=True)
    assert "Read-only" in listing and "pulled from your accounts package" in listing
    assert f"/codes/tax/{tax.id}/edit" not in listing
    refused = client.get(f"/codes/tax/{tax.id}/edit", follow_redirects=True)
    assert "Code T1 was pulled from Xero; change it there." in refused.get_data(
        as_text=True
    )
    posted = client.post(
        f"/codes/tax/{tax.id}/edit", data={"name": "X", "code": "T1", "rate": "1"}
    )
    assert posted.status_code == 302
    client.post(f"/codes/tax/{tax.id}/deactivate")
    client.post(f"/codes/nominal/{nominal.id}/deactivate")
    bounced = client.post(
        f"/codes/nominal/{nominal.id}/edit",
        data={"code": "5000", "name": "X", "type": "expense"},
        follow_redirects=True,
    )
    assert "pulled from QuickBooks" in bounced.get_data(as_text=True)
    tax = factories.fresh(TaxCode, tax.id)
    assert tax.name == "Standard 20%" and tax.active is True
    nominal = factories.fresh(NominalCode, nominal.id)
    assert nominal.name == "Materials" and nominal.active is True
