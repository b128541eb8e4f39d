"""Xero's day limit: a wait too long to sit out inside a run stops the run, and a
run booked for when the limit lifts carries on where it stopped."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import current_app

from app import tasks
from app.extensions import db
from app.models import AccountsConnection, SyncRun
from app.sync import schedule
from tests.factories import make_customer, make_invoice, user
from tests.sync.conftest import sync, work

pytestmark = pytest.mark.parametrize("provider", ["xero"], indirect=True)
INVOICES = ("push_invoices",)


@pytest.fixture
def day_limit(sandbox_app, monkeypatch):
    """Set the sandbox's calls-a-day for the tenant; never sit a wait out here."""
    monkeypatch.setitem(current_app.config, "PROVIDER_MAX_RETRY_WAIT", 0.5)

    def limit(calls):
        monkeypatch.setitem(sandbox_app.config, "XERO_DAY_LIMIT", calls)

    return limit


def booked_resume(run):
    """When the run booked to carry on this one is due, or None."""
    scheduled = tasks.queue().scheduled_job_registry
    job_id = f"lb-resume-{run.id}"
    if job_id not in scheduled.get_job_ids():
        return None
    return scheduled.get_scheduled_time(job_id)


def run_booked_now(run):
    """What the scheduler does when the booked time comes, without the wait."""
    queue = tasks.queue()
    job = queue.fetch_job(f"lb-resume-{run.id}")
    queue.scheduled_job_registry.remove(job)
    queue.enqueue_job(job)
    work()
    return db.session.scalars(
        db.select(SyncRun).where(SyncRun.id > run.id).order_by(SyncRun.id)
    ).all()


def test_the_day_limit_stops_a_run_and_a_booked_run_carries_on(
    company, provider, connected, package, day_limit, admin
):
    customer = make_customer(company, "Newbuild Homes Ltd")
    invoices = [make_invoice(company, customer, number=f"LB-{n}") for n in (1, 2, 3)]
    day_limit(0)

    stopped = sync(company, provider, kinds=INVOICES)

    assert (stopped.status, stopped.error_code) == (SyncRun.FAILED, "rate_limited")
    assert "It carries on by itself in about" in stopped.message, stopped.message
    due = booked_resume(stopped)
    now = datetime.now(UTC)
    # The sandbox's scaled day is 1,440 s; at least a minute is always waited.
    assert now + timedelta(seconds=50) < due < now + timedelta(seconds=1450)
    assert stopped.created == 0

    day_limit(5000)  # the next day
    [carried_on] = run_booked_now(stopped)

    assert carried_on.trigger == "resume"
    assert carried_on.started_by_id == user(company).id
    assert carried_on.status == SyncRun.SUCCEEDED, carried_on.message
    history = admin.get("/settings/history/").get_data(as_text=True)
    assert "(carried on)" in history and "It carries on by itself" in history
    there = package.documents("invoice")  # the demo organisation's, and ours
    assert {number: there.get(number) for number in ("LB-1", "LB-2", "LB-3")} == {
        invoice.number: 1 for invoice in invoices
    }


def test_a_carried_on_run_that_stops_again_having_done_nothing_books_no_other(
    company, provider, connected, package, day_limit
):
    make_invoice(company, make_customer(company, "Newbuild Homes Ltd"), number="LB-1")
    day_limit(0)
    stopped = sync(company, provider, kinds=INVOICES)

    [again] = run_booked_now(stopped)  # the limit has not lifted

    assert (again.trigger, again.status) == ("resume", SyncRun.FAILED)
    assert "waits for the next sync" in again.message
    assert booked_resume(again) is None


def test_a_package_disconnected_meanwhile_is_not_synced(
    company, provider, connected, day_limit
):
    make_invoice(company, make_customer(company, "Newbuild Homes Ltd"), number="LB-1")
    day_limit(0)
    stopped = sync(company, provider, kinds=INVOICES)
    connected.status = AccountsConnection.DISCONNECTED
    db.session.commit()

    assert run_booked_now(stopped) == []
    assert schedule.resume(stopped.id) is None
