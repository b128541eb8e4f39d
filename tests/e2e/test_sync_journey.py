"""The journey a new admin takes, for each package, in chromium: connect, options,
Save & Sync, keep working, the bell, the history, the FAQ, fix, retry, success.
Each step's screenshot and caption land in test-artifacts/index.html for a reviewer."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import NominalCode
from sandbox import mount, product_settings
from sandbox.storage import sandbox_db
from tests import factories
from tests.e2e.artifacts import Steps, final_caption, outcome
from tests.serving import serve_wsgi

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
CONSENT = {"xero": "Allow access", "quickbooks": "Connect"}
NAMES = {"xero": "Xero", "quickbooks": "QuickBooks Online"}


@pytest.fixture
def demo(make_app, monkeypatch, tmp_path, test_config):
    """The demo set-up (CSRF on, sandbox under /sandbox) and a way to run the worker."""
    sandbox_db_url = f"sqlite:///{tmp_path / 'sandbox.db'}"
    monkeypatch.setenv("SANDBOX_DATABASE_URL", sandbox_db_url)
    live = make_app(WTF_CSRF_ENABLED=True)
    mount(live)
    served = serve_wsgi(live)
    url = served.url
    live.config.update(product_settings(f"{url}/sandbox"), PUBLIC_URL=url)

    def run_worker():
        """A real worker process drains the queue, as `python worker.py` would."""
        config = {**test_config, **product_settings(f"{url}/sandbox")}
        done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "tests.sync.crash_worker", json.dumps(config)],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "SANDBOX_DATABASE_URL": sandbox_db_url},
            timeout=120,
            check=False,
        )
        assert done.returncode == 0

    yield url, run_worker, live
    served.close()
    with live.extensions["sandbox"].app_context():
        sandbox_db.engine.dispose()


@pytest.fixture
def page(browser, demo, journey, request):
    context = browser.new_context(base_url=demo[0], locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    try:
        # The journeys shoot their own steps; a failed one also shows where it stopped.
        if (ended := outcome(request.node)) == "failed":
            final = f"{request.node.name}-final.png"
            journey.screenshot(page, final, final_caption(journey.summary, ended))
    finally:
        context.close()


def sign_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("provider", ["xero", "quickbooks"])
def test_admin_syncs_reads_the_failure_fixes_it_and_retries(
    page, demo, company, provider, journey
):
    """An admin syncs, traces the one failure to the help, fixes it and retries."""
    _url, run_worker, _live = demo
    name = NAMES[provider]
    steps = Steps(page, journey, f"sync-journey-{provider}")
    customer = factories.make_customer(company, name="Newbuild Homes Ltd")
    for n in (1, 2):
        factories.make_invoice(company, customer, number=f"LB-{n}")
    db.session.add(
        NominalCode(company_id=company.id, code="4999", name="Odd", type="revenue")
    )
    db.session.commit()
    factories.make_invoice(
        company, customer, lines=(("1", "10", "T1", "4999"),), number="LB-BAD"
    )

    sign_in(page, "admin@acme.example")
    page.get_by_role("link", name="Settings").first.click()
    page.get_by_role("link", name="Accounts Integration").click()
    card = page.locator(f"#{provider}-card")
    card.get_by_role("button", name=re.compile(r"^Connect to")).click()
    steps.shot(
        "consent",
        f"Connect to {name} opens the sandbox's consent page, where the admin "
        "grants LedgerBridge access to Demo Services Ltd.",
    )
    page.get_by_role("button", name=CONSENT[provider]).click()
    expect(page.get_by_text(f"Connected to {name}: Demo Services Ltd.")).to_be_visible()
    steps.shot(
        "connected",
        f'Back on Accounts Integration, the banner reads "Connected to {name}: '
        f'Demo Services Ltd." and the card shows the organisation.',
    )

    for option in ("Push sales invoices", "Push credit notes", "Push payments"):
        page.get_by_label(option).check()
    steps.shot(
        "options",
        "Under Sync options the admin ticks what to push to the package: sales "
        "invoices, credit notes and payments, with tax codes, nominal codes and "
        "customers pulled first.",
    )
    page.get_by_role("button", name="Save & Sync").click()
    modal = page.get_by_role("dialog")
    expect(modal).to_contain_text(f"Sync with {name}")
    expect(modal.locator('tr[data-kind="invoice"] td.num')).to_have_text("3")
    expect(modal.locator('li[data-code="nominal_code_unknown"]')).to_contain_text(
        "LB-BAD"
    )
    steps.shot(
        "modal",
        f"Save & Sync opens a modal that lists what will sync with {name} and the "
        "preflight's failing invoice, LB-BAD, with its nominal code 4999.",
    )
    modal.get_by_role("button", name="Proceed").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#sync-progress")).to_contain_text(name)

    page.get_by_role("link", name="Invoices").first.click()  # keep working
    expect(page.get_by_role("heading", name="Invoices")).to_be_visible()
    expect(page.locator("#sync-progress")).to_contain_text(name)
    steps.shot(
        "working",
        f"Proceed queues the run; the admin goes on to Invoices while the bar at "
        f"the top shows the {name} sync's progress.",
    )
    run_worker()
    bell = page.locator("#bell")
    expect(bell).to_contain_text(f"{name} sync completed with 1 error")
    bell.locator("[data-dropdown-toggle]").click()
    steps.shot(
        "bell",
        f"While the admin works on Invoices, the bell reports that the {name} "
        "sync completed with 1 error.",
    )
    bell.get_by_text(f"{name} sync completed with 1 error").click()

    expect(page).to_have_url(re.compile(r"/settings/history/"))
    failed = page.locator(".sync-failed")
    expect(failed).to_contain_text("LB-BAD")
    steps.shot(
        "history",
        "The notification opens Sync History, where the run's failed items "
        "list LB-BAD and why it was not sent.",
    )
    failed.get_by_role("link", name="What does this mean?").first.click()
    expect(page).to_have_url(re.compile(r"/help/sync-errors#nominal_code_unknown"))
    expect(page.locator("#nominal_code_unknown")).to_be_visible()
    steps.shot(
        "faq",
        '"What does this mean?" opens the sync-errors help at the entry for a '
        "nominal code the package lacks.",
    )

    page.goto("/settings/history/")
    newest = page.locator("tr[id^=run-]").first
    newest.locator(".run-toggle").click()  # the arrow: expand the run in place
    slot = page.locator(".run-slot").first
    expect(slot.locator(".sync-failed")).to_contain_text("LB-BAD")
    expect(newest.locator(".run-toggle")).to_have_attribute("aria-expanded", "true")
    steps.shot(
        "expanded",
        "Back in the Sync History list, the arrow on the run's row expands it in "
        "place: LB-BAD failed, in the package's words and ours, with the help link.",
    )

    # The fix: a default sales code stands in for one the package lacks.
    page.goto("/settings/integrations/")
    page.get_by_label("Default sales nominal code").select_option(label="4000 Sales")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Sync options saved.")).to_be_visible()
    steps.shot(
        "fixed",
        "The fix: a default sales nominal code (4000 Sales) in the sync options "
        "stands in for a code the package does not have.",
    )
    page.goto("/settings/history/")
    page.locator("tr[id^=run-]").first.get_by_role("link").last.click()
    page.get_by_role("button", name="Retry failed items").click()
    run_worker()
    page.goto("/settings/history/")
    newest = page.locator("tr[id^=run-]").first
    expect(newest).to_contain_text("Succeeded")
    expect(newest).to_contain_text("retry", ignore_case=True)
    steps.shot(
        "retried",
        "With a default sales nominal code set and the failed items retried, "
        "Sync History shows the retry run succeeded.",
    )


def test_office_users_cannot_reach_admin_pages(page, company, journey):
    """An office user gets "This page is for admins" on each admin settings page."""
    sign_in(page, "office@acme.example")
    for path in ("/settings/integrations/", "/settings/history/", "/settings/users"):
        page.goto(path)
        expect(
            page.get_by_role("heading", name="This page is for admins")
        ).to_be_visible()
    Steps(page, journey, "office-forbidden").shot(
        "forbidden",
        'An office user who opens the users settings page sees "This page is '
        'for admins" instead.',
    )


def test_an_expired_session_during_a_poll_lands_on_the_login_page(
    page, demo, company, browser, journey
):
    """A session that ends while the sync progress bar polls lands on sign-in."""
    from app.sync import runs

    runs.start(company.id, "xero", ["push_invoices"], enqueue=False)  # stays queued
    sign_in(page, "admin@acme.example")
    page.goto("/invoices/")
    expect(page.locator("#sync-progress")).to_contain_text("Xero")
    page.context.clear_cookies()  # the session ends while the bar keeps polling
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    Steps(page, journey, "expired-session").shot(
        "login",
        "The session ended while the progress bar polled, so the browser is on "
        "the sign-in page, not a login form inside the bar.",
    )
