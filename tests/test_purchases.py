"""Purchase invoices: list, search, lines, numbering per supplier, approve, void."""

from decimal import Decimal

import pytest

from app.models import PurchaseInvoice
from tests import factories
from tests.conftest import htmx_headers


def purchase_form(company, supplier, number="B-100", lines=None, **extra):
    """A filled-in purchase invoice form as the browser posts it."""
    expense = factories.nominal_code(company, "5000")
    vat = factories.tax_code(company, "T1")
    data = {
        "supplier_id": supplier.id,
        "number": number,
        "issue_date": "10/01/2026",
        "due_date": "2026-02-09",
        "reference": "Boiler parts",
    }
    for i, (quantity, price) in enumerate(lines or [("2", "40.00")]):
        data.update(
            {
                f"lines-{i}-description": f"Part {i + 1}",
                f"lines-{i}-quantity": quantity,
                f"lines-{i}-unit_price": price,
                f"lines-{i}-nominal_code_id": expense.id,
                f"lines-{i}-tax_code_id": vat.id,
            }
        )
    data.update(extra)
    return data


def test_list_shows_purchases_suppliers_link_and_csv_note(client, auth, company):
    factories.make_purchase_invoice(company, number="SUP-77")
    auth.login_office()
    response = client.get("/purchases/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "SUP-77" in page
    assert "City Plumbing Supplies" in page
    assert 'href="/suppliers/"' in page
    assert "CSV export" in page and "never by live sync" in page


def test_list_fragment_for_htmx_and_full_page_otherwise(client, auth, company):
    factories.make_purchase_invoice(company, number="SUP-1")
    auth.login()
    response = client.get("/purchases/?q=SUP", headers=htmx_headers("purchase-table"))
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith('<div id="purchase-table">')
    assert "<html" not in page and "SUP-1" in page
    assert "HX-Request" in response.headers["Vary"]
    full = client.get("/purchases/?q=SUP").get_data(as_text=True)
    assert "<html" in full and 'id="purchase-table"' in full


def test_search_by_number_reference_and_supplier(client, auth, company):
    pipes = factories.make_supplier(company, "Pipe World")
    tools = factories.make_supplier(company, "Toolstation")
    factories.make_purchase_invoice(company, pipes, number="PW-1")
    bill = factories.make_purchase_invoice(company, tools, number="TS-9")
    bill.reference = "Van racking"
    factories.db.session.commit()
    auth.login()
    by_supplier = client.get("/purchases/?q=pipe").get_data(as_text=True)
    assert "PW-1" in by_supplier and "TS-9" not in by_supplier
    by_number = client.get("/purchases/?q=TS-9").get_data(as_text=True)
    assert "TS-9" in by_number and "PW-1" not in by_number
    by_reference = client.get("/purchases/?q=racking").get_data(as_text=True)
    assert "TS-9" in by_reference and "PW-1" not in by_reference
    nothing = client.get("/purchases/?q=zzz").get_data(as_text=True)
    assert "No purchase invoices match" in nothing


def test_status_tabs_and_pagination(app, client, auth, company):
    supplier = factories.make_supplier(company)
    for n in range(3):
        factories.make_purchase_invoice(company, supplier, number=f"A-{n}")
    factories.make_purchase_invoice(
        company, supplier, number="D-1", status=PurchaseInvoice.DRAFT
    )
    auth.login()
    drafts = client.get("/purchases/?status=draft").get_data(as_text=True)
    assert "D-1" in drafts and "A-0" not in drafts
    app.config["PER_PAGE"] = 3
    first = client.get("/purchases/").get_data(as_text=True)
    assert "Page 1 of 2" in first and "D-1" in first and "A-0" not in first
    second = client.get("/purchases/?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "A-0" in second and "D-1" not in second
    assert client.get("/purchases/?page=abc").status_code == 200


def test_create_rounds_each_line_half_up(client, auth, company):
    supplier = factories.make_supplier(company)
    auth.login()
    response = client.post(
        "/purchases/new",
        data=purchase_form(company, supplier, lines=[("1", "0.125"), ("3", "0.335")]),
    )
    assert response.status_code == 302
    purchase = factories.db.session.scalar(
        PurchaseInvoice.for_company(company.id).where(PurchaseInvoice.number == "B-100")
    )
    assert purchase.status == PurchaseInvoice.DRAFT
    # 0.125 -> 0.13 (VAT 0.026 -> 0.03); 1.005 -> 1.01 (VAT 0.202 -> 0.20).
    assert [line.net_amount for line in purchase.lines] == [
        Decimal("0.13"),
        Decimal("1.01"),
    ]
    assert purchase.net_total == Decimal("1.14")
    assert purchase.tax_total == Decimal("0.23")
    assert purchase.total == Decimal("1.37")
    assert response.headers["Location"].endswith(f"/purchases/{purchase.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "£1.37" in page and "10/01/2026" in page


def test_create_shows_messages_and_refuses_revenue_codes(client, auth, company):
    supplier = factories.make_supplier(company)
    auth.login()
    data = purchase_form(company, supplier, lines=[("abc", "")])
    data.update(supplier_id="0", number="", due_date="01/01/2026")
    data["lines-0-nominal_code_id"] = factories.nominal_code(company, "4000").id
    page = client.post("/purchases/new", data=data).get_data(as_text=True)
    assert "Choose a supplier." in page
    assert "Enter the number printed on the supplier&#39;s invoice." in page
    assert "The due date cannot be before the issue date." in page
    assert "Quantity must be a number" in page
    assert "Unit price is required." in page
    assert "Not a valid choice" in page  # a sales code is not offered on purchases
    assert factories.db.session.scalar(PurchaseInvoice.for_company(company.id)) is None


def test_number_unique_per_supplier_not_per_company(client, auth, company):
    first = factories.make_supplier(company, "Pipe World")
    second = factories.make_supplier(company, "Toolstation")
    auth.login()
    ok = client.post("/purchases/new", data=purchase_form(company, first, "INV-1"))
    assert ok.status_code == 302
    also_ok = client.post(
        "/purchases/new", data=purchase_form(company, second, "INV-1")
    )
    assert also_ok.status_code == 302
    again = client.post("/purchases/new", data=purchase_form(company, first, "INV-1"))
    assert again.status_code == 200
    assert "Pipe World already has an invoice numbered INV-1." in again.get_data(
        as_text=True
    )
    rows = factories.db.session.scalars(PurchaseInvoice.for_company(company.id)).all()
    assert len(rows) == 2


def test_lines_endpoint_adds_lines_and_previews_totals(client, auth, company):
    supplier = factories.make_supplier(company)
    auth.login()
    data = purchase_form(company, supplier, action="add_line")
    added = client.post("/purchases/lines", data=data).get_data(as_text=True)
    assert added.lstrip().startswith('<div id="lines"')
    assert 'name="lines-1-description"' in added
    data = purchase_form(company, supplier, which="totals")
    totals = client.post("/purchases/lines", data=data).get_data(as_text=True)
    assert totals.lstrip().startswith('<table id="totals"')
    assert "£96.00" in totals  # 2 x 40.00 + 20% VAT


def test_approve_edit_and_void(client, auth, company):
    bill = factories.make_purchase_invoice(
        company, number="SUP-5", status=PurchaseInvoice.DRAFT
    )
    auth.login()
    client.post(f"/purchases/{bill.id}/approve")
    assert factories.fresh(PurchaseInvoice, bill.id).status == "approved"
    again = client.post(f"/purchases/{bill.id}/approve", follow_redirects=True)
    assert "is approved, so it cannot be approved" in again.get_data(as_text=True)
    # Approved purchase invoices can still be corrected.
    assert client.get(f"/purchases/{bill.id}/edit").status_code == 200
    edited = client.post(
        f"/purchases/{bill.id}/edit",
        data=purchase_form(company, bill.supplier, "SUP-5", [("1", "10")]),
    )
    assert edited.status_code == 302
    assert factories.fresh(PurchaseInvoice, bill.id).total == Decimal("12.00")
    client.post(f"/purchases/{bill.id}/void")
    assert factories.fresh(PurchaseInvoice, bill.id).status == "void"
    refused = client.get(f"/purchases/{bill.id}/edit", follow_redirects=True)
    assert "is void and cannot be edited" in refused.get_data(as_text=True)


def test_approve_needs_a_total_above_zero(client, auth, company):
    bill = factories.make_purchase_invoice(
        company, lines=(("1", "0", "T1", "5000"),), status=PurchaseInvoice.DRAFT
    )
    auth.login()
    page = client.post(f"/purchases/{bill.id}/approve", follow_redirects=True)
    assert "a total above zero" in page.get_data(as_text=True)
    assert factories.fresh(PurchaseInvoice, bill.id).status == "draft"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/purchases/{id}"),
        ("get", "/purchases/{id}/edit"),
        ("post", "/purchases/{id}/edit"),
        ("post", "/purchases/{id}/approve"),
        ("post", "/purchases/{id}/void"),
    ],
)
def test_other_company_ids_404(client, auth, company, other_company, method, path):
    theirs = factories.make_purchase_invoice(
        other_company, number="R-1", status=PurchaseInvoice.DRAFT
    )
    auth.login()
    response = getattr(client, method)(path.format(id=theirs.id))
    assert response.status_code == 404
    assert factories.fresh(PurchaseInvoice, theirs.id).status == "draft"


def test_other_company_supplier_cannot_be_used(client, auth, company, other_company):
    theirs = factories.make_supplier(other_company, "Rival Supplies")
    auth.login()
    assert client.get(f"/purchases/new?supplier_id={theirs.id}").status_code == 404
    page = client.post("/purchases/new", data=purchase_form(company, theirs))
    assert page.status_code == 200
    assert "Rival Supplies" not in page.get_data(as_text=True)
    assert factories.db.session.scalar(PurchaseInvoice.for_company(company.id)) is None
