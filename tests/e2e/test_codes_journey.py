"""In chromium: a new sales invoice after a Xero pull starts on the sales rate; the
preflight names a purchase rate; switching to QuickBooks retires Xero's codes; the
sandbox page is linked from the demo, says "50 of N" and pages."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from app.extensions import db
from sandbox.storage import sandbox_db
from sandbox.xero import seed_data, store
from tests import factories
from tests.e2e import test_sync_journey as sync_journey
from tests.e2e.artifacts import Steps
from tests.e2e.test_sync_journey import sign_in

pytestmark = pytest.mark.browser

# The demo set-up (sandbox on the live server, a real worker) of the sync journey.
demo = sync_journey.demo


@pytest.fixture
def page(browser, demo, journey):
    context = browser.new_context(base_url=demo[0], locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())  # "Disconnect from Xero?"
    yield page
    context.close()


def connect(page, provider):
    page.goto("/settings/integrations/")
    card = page.locator(f"#{provider}-card")
    card.get_by_role("button", name=re.compile(r"^Connect to")).click()
    consent = "Allow access" if provider == "xero" else "Connect"
    page.get_by_role("button", name=consent).click()
    expect(page.locator(".flash-success", has_text="Connected to")).to_be_visible()


def pull_codes(page, run_worker):
    """Sync with only the pulls ticked, as an admin would, and let the worker run."""
    page.goto("/settings/integrations/")
    for option in ("Push sales invoices", "Push credit notes", "Push payments"):
        page.get_by_label(option).uncheck()
    page.get_by_role("button", name="Save & Sync").click()
    page.get_by_role("dialog").get_by_role("button", name="Proceed").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    run_worker()


def test_sales_lines_start_on_a_sales_rate_and_codes_follow_the_package(
    page, demo, company, journey
):
    """After Xero's pull a new invoice offers sales rates only; after switching to
    QuickBooks, Xero's 200 Sales and 090 bank account are gone from new work."""
    _url, run_worker, _live = demo
    steps = Steps(page, journey, "codes-journey")
    customer = factories.make_customer(company, name="Newbuild Homes Ltd")
    sign_in(page, "admin@acme.example")
    connect(page, "xero")
    pull_codes(page, run_worker)

    page.goto("/invoices/new")
    tax = page.get_by_label("Line 1 tax code")
    expect(tax.locator("option:checked")).to_have_text("Standard 20% (20%)")
    expect(tax).not_to_contain_text("EC Acquisitions")
    expect(tax).not_to_contain_text("VAT on Expenses")
    steps.shot(
        "sales-rate", "A new invoice after a Xero pull starts on the sales rate."
    )
    page.goto("/purchases/new")
    expect(page.get_by_label("Line 1 tax code")).to_contain_text("EC Acquisitions")

    # An invoice that already carries a purchase rate: the preflight names it.
    db.session.expire_all()
    factories.make_invoice(
        company, customer, lines=(("1", "50", "ECACQUISITIONS"),), number="LB-EC"
    )
    page.goto("/settings/integrations/")
    page.get_by_label("Push sales invoices").check()
    page.get_by_role("button", name="Save & Sync").click()
    modal = page.get_by_role("dialog")
    expect(modal.locator('li[data-code="tax_code_invalid"]')).to_contain_text("LB-EC")
    expect(modal).to_contain_text("for purchases only in Xero")
    steps.shot("preflight", "The preflight names LB-EC's purchase rate before sending.")
    modal.get_by_role("link", name="Cancel").click()

    page.get_by_label("Bank account for payments").select_option(
        label="090 Business Bank Account"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Sync options saved.")).to_be_visible()
    page.locator("#xero-card").get_by_role("button", name="Disconnect").click()
    expect(
        page.locator("#xero-card").get_by_role("button", name="Connect to Xero")
    ).to_be_visible()
    connect(page, "quickbooks")
    bank = page.get_by_label("Bank account for payments")
    expect(bank).not_to_contain_text("090")
    expect(bank.locator("option:checked")).to_have_text(
        re.compile("first bank account")
    )
    expect(page.locator("#sync-options")).not_to_contain_text("EC Acquisitions")
    page.goto("/invoices/new")
    nominal = page.get_by_label("Line 1 nominal code")
    expect(nominal).not_to_contain_text("200 Sales")
    expect(nominal.locator("option:checked")).to_have_text("4000 Sales")
    steps.shot("switched", "After switching to QuickBooks, Xero's codes are gone.")
    page.goto("/codes/nominal")
    expect(page.locator("tr", has_text="200").first).to_contain_text("Inactive")


def add_sandbox_invoices(live, count):
    """More invoices in the Xero demo organisation, written as the seed writes them."""
    from sandbox.xero.documents import DocumentWriter

    with live.extensions["sandbox"].app_context():
        tenant_id = store.seed_id("organisation", seed_data.ORGANISATIONS[0]["Name"])
        contact = store.seed_id(tenant_id, "contact", seed_data.INVOICES[0][1])
        writer = DocumentWriter(store.INVOICE, tenant_id)
        for n in range(count):
            writer.write(
                {
                    "Type": "ACCREC",
                    "InvoiceNumber": f"LB-{n + 1:04d}",
                    "Contact": {"ContactID": contact},
                    "Date": date(2026, 1, 14).isoformat(),
                    "DueDate": date(2026, 2, 13).isoformat(),
                    "Status": "AUTHORISED",
                    "LineItems": [
                        {
                            "Description": "Service",
                            "Quantity": Decimal(1),
                            "UnitAmount": Decimal("10.00"),
                            "AccountCode": "200",
                            "TaxType": "OUTPUT2",
                        }
                    ],
                },
                create_only=True,
            )
        sandbox_db.session.commit()


def test_the_demo_links_the_sandbox_which_counts_and_pages(
    page, demo, company, journey
):
    """Integrations links the sandbox page; it says "1–50 of 63" and pages on."""
    steps = Steps(page, journey, "sandbox-page")
    sign_in(page, "admin@acme.example")
    page.goto("/settings/integrations/")  # the sandbox seeds itself on first use
    add_sandbox_invoices(demo[2], 60)
    page.get_by_role("link", name="see what arrived in them").click()
    expect(
        page.get_by_role("heading", name="Accounts package sandboxes")
    ).to_be_visible()
    heading = page.get_by_role("heading", name=re.compile(r"^Invoices \(1–50 of 63"))
    expect(heading).to_be_visible()
    expect(page.get_by_text("/Date(")).to_have_count(0)
    expect(page.locator("td", has_text="14/01/2026").first).to_be_visible()
    steps.shot("first", 'The sandbox page says "1–50 of 63" for the Xero invoices.')
    page.get_by_role("navigation", name="Invoices pages").first.get_by_role(
        "link", name="Older"
    ).click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^Invoices \(51–63 of 63"))
    ).to_be_visible()


def test_the_integrations_page_has_no_sandbox_link_without_the_sandbox(
    browser, live_server, company, journey
):
    """Without the sandbox enabled there is nothing to link to."""
    context = browser.new_context(base_url=live_server, locale="en-GB")
    page = context.new_page()
    sign_in(page, "admin@acme.example")
    page.goto("/settings/integrations/")
    expect(page.get_by_role("heading", name="Accounts Integration")).to_be_visible()
    expect(page.locator("[data-sandbox-link]")).to_have_count(0)
    context.close()
