"""An admin connects each package in chromium through the sandbox's consent page."""

import pytest
from playwright.sync_api import expect

from sandbox import mount, product_settings
from sandbox.storage import sandbox_db
from tests import factories
from tests.serving import serve_wsgi

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(make_app, monkeypatch, tmp_path):
    """The demo set-up: CSRF on and the sandbox mounted under /sandbox."""
    monkeypatch.setenv("SANDBOX_DATABASE_URL", f"sqlite:///{tmp_path / 'sandbox.db'}")
    live = make_app(WTF_CSRF_ENABLED=True)
    mount(live)
    served = serve_wsgi(live)
    url = served.url
    # Redirect URIs name the port it serves on; the packages are its sandboxes.
    live.config.update(product_settings(f"{url}/sandbox"), PUBLIC_URL=url)
    yield url
    served.close()
    with live.extensions["sandbox"].app_context():
        sandbox_db.engine.dispose()


def open_integrations(page):
    page.goto("/login")
    page.get_by_label("Email").fill("admin@acme.example")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/settings/")
    page.get_by_role("link", name="Accounts Integration").click()


def test_admin_connects_xero(page, company):
    """An admin allows Xero access; the card shows Demo Services Ltd connected."""
    open_integrations(page)
    xero = page.locator("#xero-card")
    expect(xero.get_by_text("Ready to connect")).to_be_visible()

    xero.get_by_role("button", name="Connect to Xero").click()
    expect(
        page.get_by_role("heading", name="Allow access to your organisations?")
    ).to_be_visible()
    page.get_by_role("button", name="Allow access").click()

    expect(page.get_by_text("Connected to Xero: Demo Services Ltd.")).to_be_visible()
    xero = page.locator("#xero-card")
    expect(xero.get_by_text("Connected", exact=True)).to_be_visible()
    expect(xero.get_by_text("Demo Services Ltd")).to_be_visible()
    expect(page.locator("#quickbooks-card")).to_contain_text("Disconnect it first")


def test_admin_connects_quickbooks(page, company):
    """After Intuit's sign-in, the QuickBooks card shows Demo Services Ltd connected."""
    open_integrations(page)
    card = page.locator("#quickbooks-card")
    card.get_by_role("button", name="Connect to QuickBooks").click()
    expect(page.get_by_role("heading", name="Sign in with Intuit")).to_be_visible()
    page.get_by_role("button", name="Connect").click()

    expect(
        page.get_by_text("Connected to QuickBooks Online: Demo Services Ltd.")
    ).to_be_visible()
    card = page.locator("#quickbooks-card")
    expect(card.get_by_text("Connected", exact=True)).to_be_visible()
    expect(page.locator("#xero-card")).to_contain_text("Disconnect it first")
