"""Automatic sync on a schedule, and `flask sync` for cron."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import SyncRun
from app.models.base import utcnow
from app.sync import runs, schedule
from app.sync.options import options_for
from tests.factories import make_invoice
from tests.sync.conftest import work


@pytest.mark.parametrize("provider", ["xero"], indirect=True)
def test_an_hourly_sync_starts_when_due_and_not_before(company, provider, connected):
    options = options_for(company.id)
    assert schedule.start_due() == []  # off by default
    options.auto_sync = "hourly"
    db.session.commit()
    [run_id] = schedule.start_due()
    run = db.session.get(SyncRun, run_id)
    assert run.trigger == "schedule" and run.started_by_id is None
    assert "push_invoices" in run.kind_list
    work()
    assert schedule.start_due() == []  # ran a moment ago
    later = utcnow() + timedelta(hours=1, minutes=1)
    assert [c for c, _p, _o in schedule.due(now=later)] == [company.id]


def test_nothing_is_due_without_a_connection(company):
    options = options_for(company.id)
    options.auto_sync = "daily"
    db.session.add(options)
    db.session.commit()
    assert schedule.start_due() == []


def test_the_tick_books_exactly_one_next_tick(app):
    from app import tasks

    redis = tasks.redis_connection()
    redis.delete(schedule.CHAIN_KEY)
    scheduled = tasks.queue().scheduled_job_registry
    before = scheduled.count
    schedule.book_next()
    schedule.book_next()  # a second worker starting: already booked
    assert scheduled.count == before + 1
    schedule.tick()  # runs what is due (nothing) and books the next one
    assert scheduled.count == before + 2
    for job_id in scheduled.get_job_ids():
        scheduled.remove(job_id, delete_job=True)
    redis.delete(schedule.CHAIN_KEY)


@pytest.mark.parametrize("provider", ["quickbooks"], indirect=True)
def test_flask_sync_wait_runs_every_connected_company(
    company, provider, connected, runner, package
):
    make_invoice(company, number="LB-9")
    result = runner.invoke(args=["sync", "--wait"])
    assert result.exit_code == 0, result.output
    assert "Succeeded" in result.output
    assert package.documents("invoice")["LB-9"] == 1
    run = db.session.scalar(SyncRun.for_company(company.id))
    assert run.trigger == "command"
    assert runs.active_run(company.id) is None


def test_flask_sync_with_nothing_connected_says_so(runner, company):
    result = runner.invoke(args=["sync"])
    assert result.exit_code == 0
    assert "Nothing to sync" in result.output
