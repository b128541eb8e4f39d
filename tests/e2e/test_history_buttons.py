"""Every button of an expanded run in Sync History, pressed in chromium as an
admin would: the arrow, the FAQ link and Back, Don't send, Send again, Retry
failed items; and what the admin sees after Proceed at 1280x800."""

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import NominalCode, SyncExclusion, SyncRun
from tests import factories
from tests.e2e import test_sync_journey as journeys
from tests.e2e.artifacts import Steps

# The demo set-up (sandbox on the live server, a real worker) of the sync journey.
demo = journeys.demo
page = journeys.page
sign_in = journeys.sign_in

pytestmark = pytest.mark.browser


def connect_and_sync(page, steps):
    """Connect Xero, tick Push sales invoices, Save & Sync, Proceed."""
    page.get_by_role("link", name="Settings").first.click()
    page.get_by_role("link", name="Accounts Integration").click()
    page.locator("#xero-card").get_by_role(
        "button", name=re.compile(r"^Connect to")
    ).click()
    page.get_by_role("button", name="Allow access").click()
    expect(page.get_by_text("Connected to Xero: Demo Services Ltd.")).to_be_visible()
    page.get_by_label("Push sales invoices").check()
    page.get_by_role("button", name="Save & Sync").click()
    modal = page.get_by_role("dialog")
    blocker = modal.locator('li[data-code="nominal_code_unknown"]')
    expect(blocker).to_contain_text("LB-BAD")
    fix = blocker.get_by_role("link", name="Fix: edit LB-BAD")
    expect(fix).to_have_attribute("href", re.compile(r"/invoices/\d+/edit$"))
    steps.shot(
        "modal",
        "The preflight lists LB-BAD, whose nominal code Xero lacks; its Fix link "
        "opens the invoice's edit page, where the line is changed.",
    )
    modal.get_by_role("button", name="Proceed").click()
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_every_button_of_an_expanded_run_works(page, demo, company, journey):
    """Proceed says so where the admin looks; then each button of the failed run."""
    _url, run_worker, _live = demo
    steps = Steps(page, journey, "history-buttons")
    page.set_viewport_size({"width": 1280, "height": 800})
    customer = factories.make_customer(company, name="Newbuild Homes Ltd")
    factories.make_invoice(company, customer, number="LB-1")
    db.session.add(
        NominalCode(company_id=company.id, code="4999", name="Odd", type="revenue")
    )
    db.session.commit()
    bad = factories.make_invoice(
        company, customer, lines=(("1", "10", "T1", "4999"),), number="LB-BAD"
    )

    sign_in(page, "admin@acme.example")
    connect_and_sync(page, steps)
    started = page.locator("#sync-started")
    expect(started).to_contain_text("Sync with Xero started")
    expect(started).to_be_in_viewport()
    bar = page.locator("#sync-progress")
    expect(bar).to_contain_text("Xero sync")
    expect(bar).to_be_in_viewport()  # the top bar stays in view, scrolled or not
    steps.shot(
        "started",
        "After Proceed, beside Save & Sync: 'Sync with Xero started: its progress "
        "shows in the top bar', and the top bar keeps the name and Sign out whole.",
    )

    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_in_viewport()
    box = sign_out.bounding_box()
    assert box["height"] < 30, box  # one line, not two
    who = page.locator(".who")
    assert who.evaluate("e => e.scrollWidth <= e.clientWidth"), "name cut"
    run_worker()
    page.goto("/settings/history/")
    newest = page.locator("tr[id^=run-]").first
    run_id = int(newest.get_attribute("id").removeprefix("run-"))
    newest.locator(".run-toggle").click()  # the arrow
    expect(newest.locator(".run-toggle")).to_have_attribute("aria-expanded", "true")
    expect(page).to_have_url(re.compile(rf"\?run={run_id}$"))
    failed = page.locator(".run-slot .sync-failed")
    expect(failed).to_contain_text("LB-BAD")

    failed.get_by_role("link", name="What does this mean?").first.click()
    expect(page).to_have_url(re.compile(r"/help/sync-errors#nominal_code_unknown"))
    page.go_back()
    expect(page.locator(".run-slot .sync-failed")).to_contain_text("LB-BAD")
    steps.shot(
        "back",
        "Back from the FAQ: the run the admin had open is open again (?run=N).",
    )

    item = page.locator(".run-slot .sync-failed li").filter(has_text="LB-BAD")
    item.get_by_role("button", name="Don't send").click()
    expect(item.locator(".exclusion")).to_contain_text("Excluded")
    assert db.session.scalar(
        db.select(SyncExclusion.id).where(SyncExclusion.local_id == bad.id)
    )
    steps.shot("excluded", "Don't send: LB-BAD is marked Excluded, in place.")
    item.get_by_role("button", name="Send again").click()
    expect(item.get_by_role("button", name="Don't send")).to_be_visible()
    db.session.expire_all()
    assert db.session.scalar(db.select(SyncExclusion.id)) is None

    page.get_by_role("button", name="Retry failed items").click()
    expect(page.get_by_text(re.compile(r"Retry started: run \d+"))).to_be_visible()
    expect(page.locator("#sync-progress")).to_contain_text("Xero sync")
    retry_id = db.session.scalar(
        db.select(SyncRun.id).where(SyncRun.retry_of_id == run_id)
    )
    expect(page).to_have_url(re.compile(rf"\?run={retry_id}"))
    expect(page.locator(f"#toggle-{retry_id}")).to_have_attribute(
        "aria-expanded", "true"
    )
    steps.shot(
        "retry",
        "Retry failed items: the new run is at the top of the list, open, and its "
        "progress shows in the top bar without a reload.",
    )
    run_worker()

    page.goto(f"/invoices/{bad.id}")
    status = page.locator("#sync-status")
    expect(status).to_contain_text("The last sync could not send it")
    status.get_by_role("link", name="What does this mean?").click()
    expect(page).to_have_url(re.compile(r"#nominal_code_unknown"))
    steps.shot(
        "invoice",
        "The invoice's own page says its last sync failed, why, and links the FAQ.",
    )
