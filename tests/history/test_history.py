"""Settings > Sync History: the run list, one run's items, Retry and Don't send."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from markupsafe import escape

from app.extensions import db
from app.models import NominalCode, SalesInvoiceLine, SyncExclusion, SyncItem, SyncRun
from app.models.base import utcnow
from app.sync import catalogue, failures
from tests.conftest import HTMX, htmx_headers
from tests.factories import (
    fresh,
    make_credit_note,
    make_customer,
    make_invoice,
    nominal_code,
    user,
)
from tests.sync import conftest as sync_fixtures

# The sandbox over HTTP and a real worker, as the sync engine's own tests use them.
provider = sync_fixtures.provider
connected = sync_fixtures.connected
package = sync_fixtures.package
sandbox_app = sync_fixtures.sandbox_app
sandbox_url = sync_fixtures.sandbox_url
http = sync_fixtures.http
linked_app = sync_fixtures.linked_app
admin = sync_fixtures.admin

ROW = re.compile(r'<tr id="run-(\d+)"')


def make_run(company, status=SyncRun.SUCCEEDED, provider="xero", when=None, **fields):
    """An ended run, created `when` (UTC), as the engine would leave it."""
    when = when or utcnow()
    run = SyncRun(
        company_id=company.id,
        provider=provider,
        status=status,
        kinds=fields.pop("kinds", "push_invoices"),
        trigger=fields.pop("trigger", "manual"),
        created_at=when,
        started_at=when,
        finished_at=when + timedelta(minutes=1),
        **fields,
    )
    db.session.add(run)
    db.session.commit()
    return run


def add_item(run, kind, local_id, label, status=SyncItem.OK, action="created", **f):
    item = SyncItem(
        run_id=run.id,
        kind=kind,
        local_id=local_id,
        label=label,
        status=status,
        action=action,
        **f,
    )
    db.session.add(item)
    db.session.commit()
    return item


def shown_runs(reply):
    assert reply.status_code == 200, reply.get_data(as_text=True)[:500]
    return [int(run_id) for run_id in ROW.findall(reply.get_data(as_text=True))]


def failed_run(company, invoice):
    """A run with an invoice that failed, one skipped, and some that went through."""
    run = make_run(
        company,
        SyncRun.WITH_ERRORS,
        failed=1,
        skipped=1,
        created=2,
        linked=1,
        error_code="rate_limited",
        message="The package slowed us down; the run carried on.",
    )
    add_item(run, "customer", invoice.customer_id, "Brightwater", action="linked")
    add_item(run, "invoice", 990001, "INV-90001", remote_url="https://go.xero/i/1")
    add_item(run, "invoice", 990002, "INV-90002")
    add_item(
        run, "invoice", invoice.id, invoice.number, status=SyncItem.SKIPPED,
        action="skipped", error_code="dependency_failed",
    )  # fmt: skip
    add_item(
        run, "invoice", invoice.id, invoice.number, status=SyncItem.FAILED,
        action="skipped", error_code="account_code_invalid",
        provider_message="Account code '4999' is not a valid code for this document.",
        remote_url="https://go.xero.example/invoice/abc",
    )  # fmt: skip
    return run


def test_runs_newest_first_with_who_what_and_counts(client, auth, company):
    old = make_run(company, when=utcnow() - timedelta(days=2), trigger="schedule")
    new = make_run(company, started_by_id=user(company).id, created=7)
    middle = make_run(
        company, SyncRun.FAILED, "quickbooks", utcnow() - timedelta(days=1),
        trigger="command", kinds="pull_codes,push_payments",
    )  # fmt: skip
    auth.login()
    reply = client.get("/settings/history/")
    assert shown_runs(reply) == [new.id, middle.id, old.id]
    page = reply.get_data(as_text=True)
    assert "Schedule" in page and "Command" in page
    assert user(company).display_name in page
    assert "pull codes, send payments" in page
    assert "QuickBooks Online" in page and "Failed" in page
    assert f'href="/settings/history/{new.id}"' in page  # the no-JS expansion


def test_runs_are_paged_25_at_a_time(client, auth, company):
    start = utcnow() - timedelta(days=40)
    made = [make_run(company, when=start + timedelta(hours=i)) for i in range(27)]
    auth.login()
    first = shown_runs(client.get("/settings/history/"))
    second = shown_runs(client.get("/settings/history/?page=2"))
    assert first == [run.id for run in reversed(made)][:25]
    assert second == [made[1].id, made[0].id]
    assert "Page 1 of 2" in client.get("/settings/history/").get_data(as_text=True)


def test_filters_by_status_provider_and_dates(client, auth, company):
    now = utcnow()
    jan = make_run(company, when=datetime(2025, 1, 15, 12, tzinfo=UTC))
    feb = make_run(
        company, SyncRun.FAILED, "quickbooks", datetime(2025, 2, 10, 12, tzinfo=UTC)
    )
    today = make_run(company, SyncRun.WITH_ERRORS, when=now)
    auth.login()
    url = "/settings/history/"
    assert shown_runs(client.get(url + "?status=failed")) == [feb.id]
    assert shown_runs(client.get(url + "?provider=xero")) == [today.id, jan.id]
    dated = client.get(url + "?date_from=01/02/2025&date_to=28/02/2025")
    assert shown_runs(dated) == [feb.id]
    assert shown_runs(client.get(url + "?date_to=2025-01-31")) == [jan.id]
    assert shown_runs(client.get(url + "?date_from=2025-02-01")) == [today.id, feb.id]
    both = client.get(url + "?status=completed_with_errors&provider=xero")
    assert shown_runs(both) == [today.id]
    assert "No runs match" in client.get(url + "?status=cancelled").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    "query",
    [
        "date_from=31/02/2025",
        "date_to=yesterday",
        "date_from=2025-13-01&date_to=%00",
        "status=exploded",
        "provider=sage",
        "page=-3&date_from=99999999999999",
        "date_from=0001-01-01",
        "date_to=31/12/9999",
    ],
)
def test_bad_filters_are_explained_and_ignored(client, auth, company, query):
    runs = [make_run(company, when=utcnow() - timedelta(days=d)) for d in (3, 1)]
    auth.login()
    reply = client.get(f"/settings/history/?{query}")
    assert shown_runs(reply) == [runs[1].id, runs[0].id]
    page = reply.get_data(as_text=True)
    assert "so it was ignored" in page


def test_the_filter_form_gets_only_the_table_over_htmx(client, auth, company):
    run = make_run(company)
    auth.login()
    reply = client.get(
        "/settings/history/?date_to=nonsense", headers=htmx_headers("history-runs")
    )
    page = reply.get_data(as_text=True)
    assert page.lstrip().startswith('<div id="history-runs">')
    assert "<html" not in page and f'id="run-{run.id}"' in page
    assert "was not understood" in page
    assert "HX-Target" in reply.headers["Vary"]
    full = client.get("/settings/history/").get_data(as_text=True)
    assert "<html" in full and 'hx-target="#history-runs"' in full


def test_the_bell_link_opens_its_run_on_the_right_page(client, auth, company):
    start = utcnow() - timedelta(days=40)
    made = [make_run(company, when=start + timedelta(hours=i)) for i in range(30)]
    oldest = made[0]
    add_item(oldest, "invoice", 990001, "INV-77001")
    auth.login()
    reply = client.get(f"/settings/history/?run={oldest.id}")
    assert oldest.id in shown_runs(reply)
    page = reply.get_data(as_text=True)
    assert f'id="run-{oldest.id}-items"' in page and "INV-77001" in page
    assert page.count('aria-expanded="true"') == 1
    closed = client.get("/settings/history/").get_data(as_text=True)
    assert "INV-77001" not in closed and 'aria-expanded="true"' not in closed


def test_the_items_show_failures_first_with_explanation_and_faq(client, auth, company):
    invoice = make_invoice(company)
    run = failed_run(company, invoice)
    auth.login()
    reply = client.get(
        f"/settings/history/{run.id}/items", headers=htmx_headers(f"run-{run.id}-items")
    )
    page = reply.get_data(as_text=True)
    assert "<html" not in page and page.startswith(f'<div id="run-{run.id}-items"')
    failed_at = page.index("Failed (1)")
    assert (
        failed_at < page.index("Skipped (1)") < page.index("2 sales invoices created")
    )
    assert "1 customer linked" in page
    entry = catalogue.entry("account_code_invalid")
    assert escape(entry.title) in page
    assert escape(failures.explain("account_code_invalid", "")) in page
    assert "Account code &#39;4999&#39; is not a valid code" in page
    assert "/help/sync-errors#account_code_invalid" in page
    assert f'href="/invoices/{invoice.id}"' in page
    assert 'href="https://go.xero.example/invoice/abc"' in page
    assert "Don't send" in page
    assert "The package slowed us down" in page  # the run's own message, on top
    assert page.index("slowed us down") < failed_at
    assert "/help/sync-errors#rate_limited" in page
    assert "Retry failed items" in page
    assert "/help/sync-errors#dependency_failed" in page


def test_items_toggle_in_their_row_and_fall_back_to_a_page(client, auth, company):
    run = failed_run(company, make_invoice(company))
    auth.login()
    url = f"/settings/history/{run.id}/items"
    opened = client.get(url, headers=htmx_headers(f"run-{run.id}-slot"))
    page = opened.get_data(as_text=True)
    assert f'id="run-{run.id}-items"' in page and "<html" not in page
    assert 'hx-swap-oob="true"' in page and "close=1" in page
    closed = client.get(url + "?close=1", headers=htmx_headers(f"run-{run.id}-slot"))
    page = closed.get_data(as_text=True)
    assert page.startswith('<a id="toggle-')  # nothing else: the slot empties
    assert "run-items" not in page and 'aria-expanded="false"' in page
    assert "close=1" not in page
    full = client.get(url).get_data(as_text=True)
    assert "<html" in full and f"Sync run {run.id}" in full and "Failed (1)" in full
    own_page = client.get(f"/settings/history/{run.id}").get_data(as_text=True)
    assert "<html" in own_page and "Failed (1)" in own_page


def test_succeeded_items_are_capped_at_200(client, auth, company):
    run = make_run(company, created=205)
    db.session.add_all(
        SyncItem(
            run_id=run.id,
            kind="invoice",
            local_id=i,
            label=f"INV-{i:05}",
            status=SyncItem.OK,
            action="created",
        )  # fmt: skip
        for i in range(1, 206)
    )
    db.session.commit()
    auth.login()
    page = client.get(f"/settings/history/{run.id}").get_data(as_text=True)
    assert "205 sales invoices created" in page
    assert "and 5 more" in page
    assert "INV-00200" in page and "INV-00201" not in page
    assert "Retry failed items" not in page


def test_other_companies_runs_are_invisible_and_404(
    client, auth, company, other_company
):
    theirs = make_run(other_company)
    their_invoice = make_invoice(other_company)
    add_item(theirs, "invoice", their_invoice.id, "THEIR-SECRET")
    their_exclusion = SyncExclusion(
        company_id=other_company.id,
        kind="invoice",
        local_id=their_invoice.id,
        label="THEIR-EXCLUDED",
    )
    db.session.add(their_exclusion)
    db.session.commit()
    mine = make_run(company)
    auth.login()
    listed = client.get(f"/settings/history/?run={theirs.id}")
    assert shown_runs(listed) == [mine.id]
    assert "THEIR-SECRET" not in listed.get_data(as_text=True)
    for url in (
        f"/settings/history/{theirs.id}",
        f"/settings/history/{theirs.id}/items",
    ):
        assert client.get(url).status_code == 404
        assert client.get(url, headers=HTMX).status_code == 404
    assert client.post(f"/settings/history/{theirs.id}/retry").status_code == 404
    excluded = client.post(
        "/settings/history/exclusions",
        data={"kind": "invoice", "local_id": their_invoice.id},
    )
    assert excluded.status_code == 404
    delete = f"/settings/history/exclusions/{their_exclusion.id}/delete"
    assert client.post(delete).status_code == 404
    assert "THEIR-EXCLUDED" not in client.get("/settings/history/exclusions").text
    assert db.session.scalar(sa.select(sa.func.count(SyncExclusion.id))) == 1


def test_office_users_get_403_and_no_link(client, auth, company):
    run = make_run(company)
    auth.login_office()
    for url in (
        "/settings/history/",
        f"/settings/history/{run.id}",
        f"/settings/history/{run.id}/items",
        "/settings/history/exclusions",
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        f"/settings/history/{run.id}/retry",
        "/settings/history/exclusions",
        "/settings/history/exclusions/1/delete",
    ):
        assert client.post(url).status_code == 403, url
    assert "/settings/history" not in client.get("/").get_data(as_text=True)


def test_history_is_linked_from_settings(client, auth, company):
    auth.login()
    assert 'href="/settings/history/"' in client.get("/settings/").text
    integrations = client.get("/settings/integrations/")
    assert 'href="/settings/history/"' in integrations.text


def test_dont_send_once_even_when_clicked_twice_then_re_enable(client, auth, company):
    invoice = make_invoice(company)
    run = failed_run(company, invoice)
    auth.login()
    form = {"kind": "invoice", "local_id": str(invoice.id)}
    first = client.post("/settings/history/exclusions", data=form, headers=HTMX)
    second = client.post("/settings/history/exclusions", data=form, headers=HTMX)
    for reply in (first, second):
        assert reply.status_code == 200
        page = reply.get_data(as_text=True)
        assert page.startswith('<div class="exclusion">')
        assert "Excluded" in page and "Send again" in page
    rows = db.session.scalars(sa.select(SyncExclusion)).all()
    assert [(r.kind, r.local_id, r.company_id) for r in rows] == [
        ("invoice", invoice.id, company.id)
    ]
    assert rows[0].excluded_by_id == user(company).id
    assert invoice.number in rows[0].label
    items = client.get(f"/settings/history/{run.id}").get_data(as_text=True)
    assert f"/settings/history/exclusions/{rows[0].id}/delete" in items
    listing = client.get("/settings/history/exclusions").get_data(as_text=True)
    assert invoice.number in listing and "Send again" in listing

    back = client.post(
        f"/settings/history/exclusions/{rows[0].id}/delete", headers=HTMX
    )
    assert back.status_code == 200 and "Don't send" in back.text
    assert db.session.scalar(sa.select(sa.func.count(SyncExclusion.id))) == 0
    again = client.post(f"/settings/history/exclusions/{rows[0].id}/delete")
    assert again.status_code == 404


def test_dont_send_without_javascript_redirects_back(client, auth, company):
    customer = make_customer(company)
    auth.login()
    reply = client.post(
        "/settings/history/exclusions",
        data={"kind": "customer", "local_id": customer.id, "next": "//evil.example"},
    )
    assert reply.status_code == 302
    assert reply.headers["Location"].endswith("/settings/history/exclusions")
    assert "will not be sent" in client.get(reply.headers["Location"]).text


def test_an_allocation_is_left_out_through_its_credit_note(client, auth, company):
    note = make_credit_note(make_invoice(company))
    auth.login()
    reply = client.post(
        "/settings/history/exclusions",
        data={"kind": "allocation", "local_id": note.id},
        headers=HTMX,
    )
    assert reply.status_code == 200
    row = db.session.scalar(sa.select(SyncExclusion))
    assert (row.kind, row.local_id) == ("credit_note", note.id)


@pytest.mark.parametrize(
    ("form", "status", "message"),
    [
        ({"kind": "nominal_code", "local_id": "1"}, 400, "Only customers, invoices"),
        ({"kind": "", "local_id": "1"}, 400, "Only customers, invoices"),
        ({"kind": "invoice"}, 400, "Say which record"),
        ({"kind": "invoice", "local_id": "abc"}, 400, "Say which record"),
        ({"kind": "invoice", "local_id": "99999999"}, 404, "could not find"),
        ({"kind": "payment", "local_id": str(2**70)}, 404, "could not find"),
        ({"kind": "customer", "local_id": "-4"}, 404, "could not find"),
    ],
)
def test_dont_send_validates_what_it_is_given(
    client, auth, company, form, status, message
):
    auth.login()
    reply = client.post("/settings/history/exclusions", data=form)
    assert reply.status_code == status
    assert message in reply.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(SyncExclusion.id))) == 0


def test_retry_without_a_connection_says_so(client, auth, company):
    run = failed_run(company, make_invoice(company))
    auth.login()
    reply = client.post(f"/settings/history/{run.id}/retry", headers=HTMX)
    assert reply.status_code == 200 and "HX-Trigger" not in reply.headers
    assert "No accounts package is connected" in reply.text
    plain = client.post(f"/settings/history/{run.id}/retry", follow_redirects=True)
    assert "No accounts package is connected" in plain.text
    assert db.session.scalar(sa.select(sa.func.count(SyncRun.id))) == 1


def test_a_clean_run_has_nothing_to_retry(client, auth, company):
    run = make_run(company)
    add_item(run, "invoice", 1, "INV-1")
    auth.login()
    reply = client.post(f"/settings/history/{run.id}/retry", headers=HTMX)
    assert "nothing to retry" in reply.text
    assert db.session.scalar(sa.select(sa.func.count(SyncRun.id))) == 1


def fix_line_code(invoice, company):
    line = db.session.scalar(
        sa.select(SalesInvoiceLine).where(SalesInvoiceLine.invoice_id == invoice.id)
    )
    line.nominal_code_id = nominal_code(company, "4000").id
    db.session.commit()


def test_retry_sends_just_the_fixed_invoice_once(company, provider, package, admin):
    odd = NominalCode(company_id=company.id, code="4999", name="Odd", type="revenue")
    db.session.add(odd)
    db.session.commit()
    customer = make_customer(company, name="Newbuild Homes Ltd")
    broken = make_invoice(company, customer, lines=(("1", "10", "T1", "4999"),))
    fine = make_invoice(company, customer)
    first = sync_fixtures.sync(company, provider)
    assert first.status == SyncRun.WITH_ERRORS, (first.error_code, first.message)
    failed = [i.local_id for i in first.items if i.status == SyncItem.FAILED]
    assert failed == [broken.id]

    busy = make_run(company, SyncRun.QUEUED)  # someone else's sync, still queued
    refused = admin.post(f"/settings/history/{first.id}/retry", headers=HTMX)
    assert "A sync is already running" in refused.text
    assert "HX-Trigger" not in refused.headers
    busy.status = SyncRun.CANCELLED
    db.session.commit()

    fix_line_code(broken, company)
    reply = admin.post(f"/settings/history/{first.id}/retry", headers=HTMX)
    assert reply.status_code == 204, reply.text
    new = db.session.scalar(sa.select(SyncRun).where(SyncRun.retry_of_id == first.id))
    # The list again, the new run open at the top, its progress in the top bar.
    assert reply.headers["HX-Location"] == f"/settings/history/?run={new.id}"
    listing = admin.get(reply.headers["HX-Location"], headers=HTMX).text
    assert f"Retry started: run {new.id}, open below." in listing
    assert 'id="sync-progress" class="sync-progress"' in listing
    assert f'id="toggle-{new.id}"' in listing and 'aria-expanded="true"' in listing
    sync_fixtures.work()

    retry = db.session.scalar(sa.select(SyncRun).where(SyncRun.retry_of_id == first.id))
    assert (retry.trigger, retry.status) == ("retry", SyncRun.SUCCEEDED), retry.message
    assert retry.started_by_id == user(company).id
    documents = [
        (i.kind, i.local_id, i.action)
        for i in retry.items
        if i.kind not in ("customer", "customer_pull", "tax_code", "nominal_code")
    ]
    assert documents == [("invoice", broken.id, "created")]
    held = package.documents("invoice")
    assert held[broken.number] == 1 and held[fine.number] == 1
    history = admin.get(f"/settings/history/?run={retry.id}").text
    assert f'id="run-{retry.id}"' in history and "(retry)" in history
    assert fresh(SyncRun, first.id).status == SyncRun.WITH_ERRORS
