"""An admin syncs to Xero in chromium: options, modal, Proceed, keep working,
the bell, the history row, the FAQ."""

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


def test_admin_syncs_to_xero_and_follows_the_bell_to_the_failure(page, demo, company):
    _url, run_worker = demo
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

    page.goto("/login")
    page.get_by_label("Email").fill("admin@acme.example")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/settings/integrations/")
    page.locator("#xero-card").get_by_role("button", name="Connect to Xero").click()
    page.get_by_role("button", name="Allow access").click()
    expect(page.get_by_text("Connected to Xero: Demo Services Ltd.")).to_be_visible()

    page.get_by_role("button", name="Save & Sync").click()
    modal = page.get_by_role("dialog")
    expect(modal).to_contain_text("Sync with Xero")
    expect(modal.locator('tr[data-kind="invoice"] td.num')).to_have_text("3")
    expect(modal.locator('li[data-code="nominal_code_unknown"]')).to_contain_text(
        "LB-BAD"
    )
    modal.get_by_role("button", name="Proceed").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#sync-progress")).to_contain_text("Xero")

    page.get_by_role("link", name="Invoices").first.click()  # keep working
    expect(page.get_by_role("heading", name="Invoices")).to_be_visible()
    run_worker()

    bell = page.locator("#bell")
    # The progress bar's last poll tells the bell; no reload needed.
    expect(bell).to_contain_text("Xero sync completed with 1 error")
    bell.locator("[data-dropdown-toggle]").click()
    note = bell.get_by_text("Xero sync completed with 1 error")
    expect(note).to_be_visible()
    note.click()

    expect(page).to_have_url(re.compile(r"/settings/history/"))
    failed = page.locator(".sync-failed")
    expect(failed).to_contain_text("LB-BAD")
    failed.get_by_role("link", name="What does this mean?").first.click()
    expect(page).to_have_url(
        __import__("re").compile(r"/help/sync-errors#nominal_code_unknown")
    )
    expect(page.locator("#nominal_code_unknown")).to_be_visible()
