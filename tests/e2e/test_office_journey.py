"""Smaller things a person trips over, in chromium: finding the invoice to pay, Past
exports after a download, an office user's menu, our own import template."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Customer
from tests import factories
from tests.e2e.artifacts import Steps

pytestmark = pytest.mark.browser


def sign_in(page, email="admin@acme.example"):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_payment_form_orders_and_searches_open_invoices(page, company, journey):
    """Invoices by customer then number with what each owes; typing narrows them."""
    zebra = factories.make_customer(company, name="Zebra Estates")
    acorn = factories.make_customer(company, name="Acorn Lettings")
    factories.make_invoice(company, zebra, number="INV-00001")
    factories.make_invoice(company, acorn, number="INV-00003")
    factories.make_invoice(company, acorn, number="INV-00002")
    sign_in(page)
    page.goto("/payments/")
    page.get_by_role("link", name="Record payment").click()
    select = page.get_by_label("Invoice", exact=True)
    options = select.locator("option")
    expect(options).to_have_text(
        [
            "Choose an invoice…",
            "Acorn Lettings · INV-00002 · £120.00 outstanding",
            "Acorn Lettings · INV-00003 · £120.00 outstanding",
            "Zebra Estates · INV-00001 · £120.00 outstanding",
        ]
    )
    page.get_by_label("Find an invoice").fill("zebra")
    expect(options).to_have_count(2)
    expect(options.nth(1)).to_have_text(re.compile("^Zebra Estates · INV-00001"))
    select.select_option(label="Zebra Estates · INV-00001 · £120.00 outstanding")
    page.get_by_label("Amount").fill("120.00")
    Steps(page, journey, "payment-search").shot(
        "found", "Typing 'zebra' narrows the invoices to Zebra Estates' one."
    )
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Payment of £120.00 recorded")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/invoices/\d+$"))


def test_the_payment_search_works_without_javascript(browser, live_server, company):
    """With scripts off, Find reloads the page with the narrowed list."""
    factories.make_invoice(company, factories.make_customer(company, name="Zebra Ltd"))
    factories.make_invoice(company, factories.make_customer(company, name="Acorn Ltd"))
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    sign_in(page)
    page.goto("/payments/new")
    page.get_by_label("Find an invoice").fill("acorn")
    page.get_by_role("button", name="Find").click()
    expect(page).to_have_url(re.compile(r"q=acorn"))
    expect(page.get_by_label("Invoice", exact=True).locator("option")).to_have_count(2)
    context.close()


def test_past_exports_lists_a_download_without_a_reload(page, company, journey):
    """After the file downloads, Past exports shows it: no "No exports yet"."""
    factories.make_customer(company)
    sign_in(page)
    page.goto("/reports/exports/")
    listed = page.locator("#export-list")
    expect(listed).to_contain_text("No exports yet.")
    page.get_by_label("What").select_option("customers")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export", exact=True).click()
    assert download.value.suggested_filename.endswith(".csv")
    expect(listed.locator("tr[data-export]")).to_have_count(1)
    expect(listed).to_contain_text("Ready")
    expect(listed.get_by_role("link", name="Download")).to_be_visible()
    Steps(page, journey, "exports-list").shot(
        "listed", "After the download, Past exports lists it without a reload."
    )


def test_an_office_user_sees_no_settings_menu_but_the_codes(page, company, journey):
    """Settings is for admins: office users get Codes instead, and the check stays."""
    sign_in(page, "office@acme.example")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Settings")).to_have_count(0)
    nav.get_by_role("link", name="Codes").click()
    expect(page.get_by_role("heading", name="Tax codes")).to_be_visible()
    Steps(page, journey, "office-menu").shot(
        "codes", "An office user's menu has Codes, not Settings, and the codes open."
    )
    page.goto("/settings/")
    expect(page.get_by_role("heading", name="This page is for admins")).to_be_visible()


def test_our_customer_template_imports_back_with_its_town(page, company, journey):
    """Download the template, fill one row, upload, import: the town arrives too."""
    sign_in(page)
    page.goto("/reports/imports/")
    with page.expect_download() as download:
        page.locator("a[href$='/template/customers.csv']").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))
    row = dict(zip(header, example, strict=True)) | {
        "Name": "Kestrel Schools",
        "Account number": "K-1",
        "Town or city": "Wakefield",
    }
    out = io.StringIO()
    csv.writer(out).writerows([header, [row[h] for h in header]])
    page.get_by_label("What does the file contain?").select_option("customers")
    page.get_by_label("CSV file").set_input_files(
        files=[
            {
                "name": "mine.csv",
                "mimeType": "text/csv",
                "buffer": out.getvalue().encode(),
            }
        ]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#import-valid")).to_contain_text("Wakefield")
    expect(page.get_by_text("Columns not used")).to_have_count(0)
    Steps(page, journey, "import-template").shot(
        "preview", "Our own template's headings all read back, Town or city too."
    )
    page.get_by_role("button", name=re.compile(r"^Import 1 valid row")).click()
    expect(page.get_by_text("Imported", exact=False).first).to_be_visible()
    db.session.expire_all()
    saved = db.session.scalar(
        Customer.for_company(company.id).where(Customer.name == "Kestrel Schools")
    )
    assert (saved.city, saved.account_number) == ("Wakefield", "K-1")
