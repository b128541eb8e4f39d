"""Issue 19 item 8 in chromium: while a slow Xero answers the preflight, Save &
Sync says "Checking with the accounts package…" until the modal opens."""

import re

import pytest
import requests
from playwright.sync_api import expect

from app.extensions import db
from app.models import AccountsConnection
from tests import factories
from tests.e2e import test_sync_journey as journeys
from tests.e2e.artifacts import Steps

# The demo set-up (sandbox on the live server) of the sync journey.
demo = journeys.demo
page = journeys.page
sign_in = journeys.sign_in

pytestmark = pytest.mark.browser
LATENCY_MS = 700  # per sandbox call; the preflight makes five, so about 3.5 s
MODAL_WAIT_MS = 20_000  # expect() waits 5 s by default, too short for that


def test_save_and_sync_says_checking_while_the_package_is_slow(
    page, demo, company, journey
):
    """A slow package: "Checking…" shows while waiting, then the modal replaces it."""
    url, _run_worker, _live = demo
    steps = Steps(page, journey, "slow-package")
    customer = factories.make_customer(company, name="Newbuild Homes Ltd")
    for n in (1, 2):
        factories.make_invoice(company, customer, number=f"LB-{n}")

    sign_in(page, "admin@acme.example")
    page.get_by_role("link", name="Settings").first.click()
    page.get_by_role("link", name="Accounts Integration").click()
    page.locator("#xero-card").get_by_role(
        "button", name=re.compile(r"^Connect to")
    ).click()
    page.get_by_role("button", name="Allow access").click()
    expect(page.get_by_text("Connected to Xero: Demo Services Ltd.")).to_be_visible()
    page.get_by_label("Push sales invoices").check()

    tenant = db.session.scalar(
        db.select(AccountsConnection.remote_id).where(
            AccountsConnection.provider == "xero"
        )
    )
    faults = f"{url}/sandbox/_admin/faults/xero/{tenant}"
    slow = requests.put(faults, json={"latency_ms": LATENCY_MS}, timeout=10)
    assert slow.json()["latency_ms"] == LATENCY_MS

    checking = page.get_by_text("Checking with the accounts package…")
    expect(checking).to_be_hidden()
    page.get_by_role("button", name="Save & Sync").click()
    expect(checking).to_be_visible()
    expect(checking).to_have_css("opacity", "1")  # faded in, not merely present
    expect(page.get_by_role("button", name="Save & Sync")).to_be_disabled()
    expect(page.get_by_role("dialog")).to_have_count(0)  # still waiting on Xero
    steps.shot(
        "checking",
        "Xero answers slowly: beside Save & Sync, now disabled, the admin "
        'reads "Checking with the accounts package…" while the preflight waits.',
    )

    modal = page.get_by_role("dialog")
    expect(modal).to_contain_text("Sync with Xero", timeout=MODAL_WAIT_MS)
    expect(modal.locator('tr[data-kind="invoice"] td.num')).to_have_text("2")
    expect(checking).to_be_hidden()
    steps.shot(
        "modal",
        "Once Xero has answered, the modal lists the two invoices to sync and "
        '"Checking…" is gone.',
    )
