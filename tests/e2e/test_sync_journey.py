"""The journey a new admin takes, for each package, in chromium: connect, options,
Save & Sync, keep working, the bell, the history, the FAQ, fix, retry, success.
Screenshots of each step land in test-artifacts/ for a reviewer to open."""

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from app.extensions import db
from app.models import NominalCode
from app.sandbox.storage import sandbox_db
from tests import factories

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CONSENT = {"xero": "Allow access", "quickbooks": "Connect"}
NAMES = {"xero": "Xero", "quickbooks": "QuickBooks Online"}


@pytest.fixture
def demo(make_app, monkeypatch, tmp_path, test_config):
    """The demo set-up (CSRF on, sandbox under /sandbox) and a way to run the worker."""
    sandbox_db_url = f"sqlite:///{tmp_path / 'sandbox.db'}"
    monkeypatch.setenv("SANDBOX_DATABASE_URL", sandbox_db_url)
    live = make_app(WTF_CSRF_ENABLED=True, SANDBOX_ENABLED=True)
    server = make_server("127.0.0.1", 0, live, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    live.config["INTEGRATIONS_SANDBOX_BASE"] = f"{url}/sandbox"

    def run_worker():
        """A real worker process drains the queue, as `python worker.py` would."""
        config = {
            **test_config,
            "SANDBOX_ENABLED": True,
            "INTEGRATIONS_SANDBOX_BASE": f"{url}/sandbox",
        }
        done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "tests.sync.crash_worker", json.dumps(config)],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "SANDBOX_DATABASE_URL": sandbox_db_url},
            timeout=120,
            check=False,
        )
        assert done.returncode == 0

    yield url, run_worker
    server.shutdown()
    thread.join(timeout=10)
    with live.extensions["sandbox"].app_context():
        sandbox_db.engine.dispose()


@pytest.fixture
def page(browser, demo, request):
    context = browser.new_context(base_url=demo[0], locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class Steps:
    """Numbered screenshots of one journey."""

    def __init__(self, page, name):
        self.page, self.name, self.count = page, name, 0
        ARTIFACTS.mkdir(exist_ok=True)

    def shot(self, label):
        self.count += 1
        path = ARTIFACTS / f"{self.name}-{self.count:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)


def sign_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("provider", ["xero", "quickbooks"])
def test_admin_syncs_reads_the_failure_fixes_it_and_retries(
    page, demo, company, provider
):
    _url, run_worker = demo
    name = NAMES[provider]
    steps = Steps(page, f"sync-journey-{provider}")
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
    steps.shot("consent")
    page.get_by_role("button", name=CONSENT[provider]).click()
    expect(page.get_by_text(f"Connected to {name}: Demo Services Ltd.")).to_be_visible()
    steps.shot("connected")

    page.get_by_role("button", name="Save & Sync").click()
    modal = page.get_by_role("dialog")
    expect(modal).to_contain_text(f"Sync with {name}")
    expect(modal.locator('tr[data-kind="invoice"] td.num')).to_have_text("3")
    expect(modal.locator('li[data-code="nominal_code_unknown"]')).to_contain_text(
        "LB-BAD"
    )
    steps.shot("modal")
    modal.get_by_role("button", name="Proceed").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#sync-progress")).to_contain_text(name)

    page.get_by_role("link", name="Invoices").first.click()  # keep working
    expect(page.get_by_role("heading", name="Invoices")).to_be_visible()
    run_worker()
    bell = page.locator("#bell")
    expect(bell).to_contain_text(f"{name} sync completed with 1 error")
    bell.locator("[data-dropdown-toggle]").click()
    steps.shot("bell")
    bell.get_by_text(f"{name} sync completed with 1 error").click()

    expect(page).to_have_url(re.compile(r"/settings/history/"))
    failed = page.locator(".sync-failed")
    expect(failed).to_contain_text("LB-BAD")
    steps.shot("history")
    failed.get_by_role("link", name="What does this mean?").first.click()
    expect(page).to_have_url(re.compile(r"/help/sync-errors#nominal_code_unknown"))
    expect(page.locator("#nominal_code_unknown")).to_be_visible()
    steps.shot("faq")

    # The fix: a default sales code stands in for one the package lacks.
    page.goto("/settings/integrations/")
    page.get_by_label("Default sales nominal code").select_option(label="4000 Sales")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Sync options saved.")).to_be_visible()
    page.goto("/settings/history/")
    page.locator("tr[id^=run-]").first.get_by_role("link").last.click()
    page.get_by_role("button", name="Retry failed items").click()
    run_worker()
    page.goto("/settings/history/")
    newest = page.locator("tr[id^=run-]").first
    expect(newest).to_contain_text("Succeeded")
    expect(newest).to_contain_text("retry", ignore_case=True)
    steps.shot("retried")


def test_office_users_cannot_reach_admin_pages(page, company):
    sign_in(page, "office@acme.example")
    for path in ("/settings/integrations/", "/settings/history/", "/settings/users"):
        page.goto(path)
        expect(
            page.get_by_role("heading", name="This page is for admins")
        ).to_be_visible()
    Steps(page, "office-forbidden").shot("forbidden")


def test_an_expired_session_during_a_poll_lands_on_the_login_page(
    page, demo, company, browser
):
    from app.sync import runs

    runs.start(company.id, "xero", ["push_invoices"], enqueue=False)  # stays queued
    sign_in(page, "admin@acme.example")
    page.goto("/invoices/")
    expect(page.locator("#sync-progress")).to_contain_text("Xero")
    page.context.clear_cookies()  # the session ends while the bar keeps polling
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    Steps(page, "expired-session").shot("login")
