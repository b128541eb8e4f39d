"""Tokens, crashes between send and reply, cancel, one run at a time, retries."""

import threading
from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import AccountsConnection, ExternalLink, Notification, SyncRun
from app.models.base import utcnow
from app.sync import links, runs
from tests.factories import make_customer, make_invoice, nominal_code, user
from tests.sync.conftest import sync, work
from tests.sync.test_engine import items


def expire_tokens(sandbox_url, provider, refresh=False):
    path = (
        "xero/_admin/expire-tokens"
        if provider == "xero"
        else ("quickbooks/_admin/expire-tokens")
    )
    reply = requests.post(
        f"{sandbox_url}/{path}", json={"refresh": refresh}, timeout=10
    )
    assert reply.status_code == 200 and reply.json()["expired"] >= 1


def test_a_token_the_provider_expired_is_refreshed_mid_run(
    company, provider, package, sandbox_url
):
    invoice = make_invoice(company, number="LB-1")
    expire_tokens(sandbox_url, provider)  # we still think it is fresh
    run = sync(company, provider, kinds=("push_invoices",))
    assert run.status == SyncRun.SUCCEEDED
    assert package.documents("invoice").get(invoice.number) == 1


def test_a_refused_refresh_stops_the_run_and_asks_for_a_reconnect(
    company, provider, connected, sandbox_url
):
    make_invoice(company, number="LB-1")
    expire_tokens(sandbox_url, provider, refresh=True)
    run = sync(company, provider, kinds=("push_invoices",))
    assert run.status == SyncRun.FAILED
    assert run.error_code in ("token_expired", "needs_reconnect")
    db.session.expire_all()
    assert db.session.get(AccountsConnection, connected.id).status == (
        AccountsConnection.NEEDS_RECONNECT
    )
    titles = db.session.scalars(
        sa.select(Notification.title).where(Notification.company_id == company.id)
    ).all()
    assert any(t.startswith("Reconnect") for t in titles)
    assert any(t.endswith("sync failed") for t in titles)


def test_a_write_that_arrived_before_a_crash_is_linked_not_sent_again(
    company, provider, connected, package
):
    """The run died after sending and before saving: the link is still pending."""
    customer = make_customer(company, name="Newbuild Homes Ltd")
    invoice = make_invoice(company, customer, number="LB-77")
    first = sync(company, provider, kinds=("push_invoices",))
    assert first.status == SyncRun.SUCCEEDED
    # Forget what came back, as a crash before the reply was saved would.
    link = db.session.scalar(
        sa.select(ExternalLink).where(
            ExternalLink.kind == "invoice", ExternalLink.local_id == invoice.id
        )
    )
    remote_id = link.remote_id
    link.state, link.remote_id = ExternalLink.PENDING, None
    db.session.commit()

    again = sync(company, provider, kinds=("push_invoices",))

    [item] = items(again, kind="invoice")
    assert (item.action, item.remote_id) == ("linked", remote_id)
    assert package.documents("invoice")["LB-77"] == 1


def test_a_pending_write_that_never_arrived_waits_then_is_sent(
    company, provider, connected, package
):
    make_customer(company, name="Newbuild Homes Ltd")
    invoice = make_invoice(company, number="LB-78")
    link = ExternalLink(
        company_id=company.id, provider=provider, kind="invoice",
        local_id=invoice.id, state=ExternalLink.PENDING, pending_since=utcnow(),
    )  # fmt: skip
    db.session.add(link)
    db.session.commit()
    # Just sent: the answer may still come, so nothing is sent a second time yet.
    young = sync(company, provider, kinds=("push_invoices",))
    [item] = items(young, kind="invoice")
    assert (item.status, item.error_code) == ("skipped", "uncertain_write")
    assert "LB-78" not in package.documents("invoice")
    # Long enough ago that any answer would have come: it never arrived, send it.
    link = db.session.get(ExternalLink, link.id)
    link.pending_since = utcnow() - timedelta(hours=1)
    db.session.commit()
    run = sync(company, provider, kinds=("push_invoices",))
    [item] = items(run, kind="invoice")
    assert item.action == "created"
    assert package.documents("invoice")["LB-78"] == 1


@pytest.mark.parametrize("provider", ["xero"], indirect=True)
def test_cancel_stops_after_the_batch_in_flight(company, provider, connected):
    make_invoice(company, number="LB-1")
    run, _ = runs.start(company.id, provider, ["push_invoices"], user=user(company))
    run.cancel_requested = True  # pressed while the job was being picked up
    db.session.commit()
    work()
    run = db.session.get(SyncRun, run.id)
    assert run.status == SyncRun.CANCELLED and run.finished_at is not None


def test_cancel_before_it_starts_means_it_never_runs(company):
    run, created = runs.start(company.id, "xero", ["push_invoices"], enqueue=False)
    assert created
    runs.cancel(run)
    assert db.session.get(SyncRun, run.id).status == SyncRun.CANCELLED
    assert runs.active_run(company.id) is None


def test_one_active_run_per_company_even_at_the_same_moment(app, make_app, company):
    first, created = runs.start(company.id, "xero", ["push_invoices"], enqueue=False)
    assert created
    again, created = runs.start(company.id, "xero", ["push_invoices"], enqueue=False)
    assert (again.id, created) == (first.id, False)
    runs.finish(first.id, SyncRun.SUCCEEDED)
    # The database itself refuses a second active run.
    db.session.add_all(
        [SyncRun(company_id=company.id, provider="xero", status=SyncRun.QUEUED)] * 1
        + [SyncRun(company_id=company.id, provider="xero", status=SyncRun.RUNNING)]
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # Two requests racing: each in its own app, released together.
    others = [make_app(), make_app()]
    barrier = threading.Barrier(2)
    results = []
    company_id = company.id  # the rows belong to this thread's session

    def press(other):
        with other.app_context():
            barrier.wait()
            run, made = runs.start(company_id, "xero", ["push_invoices"], enqueue=False)
            results.append((run.id if run else None, made))
            db.session.remove()

    threads = [threading.Thread(target=press, args=(o,)) for o in others]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(made for _id, made in results) == [False, True]
    assert len({run_id for run_id, _made in results}) == 1
    active = db.session.scalar(
        sa.select(sa.func.count(SyncRun.id)).where(SyncRun.status.in_(SyncRun.ACTIVE))
    )
    assert active == 1


@pytest.mark.parametrize("provider", ["quickbooks"], indirect=True)
def test_retry_sends_only_the_failed_items_once_fixed(
    company, provider, connected, package
):
    customer = make_customer(company, name="Newbuild Homes Ltd")
    odd = nominal_code(company, "5000")  # an expense code: not a sales account
    odd.code = "4999"
    db.session.commit()
    broken = make_invoice(company, customer, lines=(("1", "5", "T1", "4999"),),
                          number="LB-1")  # fmt: skip
    fine = make_invoice(company, customer, number="LB-2")
    first = sync(company, provider)
    assert [i.local_id for i in items(first, kind="invoice", status="failed")] == [
        broken.id
    ]
    broken.lines[0].nominal_code = nominal_code(company, "4000")
    db.session.commit()
    requests_ = runs.retry_kinds(first)
    assert requests_ == {"push_invoices"}
    retry = sync(company, provider, kinds=requests_, retry_of=first)
    assert retry.trigger == "manual" and retry.retry_of_id == first.id
    assert [(i.local_id, i.action) for i in items(retry, kind="invoice")] == [
        (broken.id, "created")
    ]
    held = package.documents("invoice")
    assert (held["LB-1"], held["LB-2"]) == (1, 1)
    assert links.remote_ids(company.id, provider, "invoice", [fine.id])
