"""A worker SIGKILLed mid-run: the run is marked failed, the next one finishes."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import ExternalLink, SyncRun
from app.models.base import utcnow
from app.sync import runs
from sandbox import product_settings
from tests.factories import make_customer, make_invoice, user
from tests.sync.conftest import sync

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, seconds=90):
    """Poll the database until condition() holds: the worker is another process."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        found = condition()
        db.session.commit()  # end the read, so SQLite lets the worker write
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("the worker did not get there in time")


def sandbox_idle():
    """No request thread of the loopback sandbox server is still running."""
    return not any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    )


@pytest.mark.parametrize("provider", ["xero", "quickbooks"], indirect=True)
def test_a_killed_worker_leaves_no_run_stuck_and_no_duplicates(
    company, provider, package, sandbox_url, test_config
):
    customer = make_customer(company, name="Newbuild Homes Ltd")
    invoices = [
        make_invoice(company, customer, number=f"LB-{n:03d}") for n in range(90)
    ]
    tenant = package.connection.remote_id
    fault_url = f"{sandbox_url}/_admin/faults/{provider}/{tenant}"
    requests.put(fault_url, json={"latency_ms": 150}, timeout=10).raise_for_status()
    run, created = runs.start(
        company.id, provider, ["push_invoices"], user=user(company)
    )
    assert created
    config = {**test_config, **product_settings(sandbox_url)}
    worker = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "tests.sync.crash_worker", json.dumps(config)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:

        def some_invoices_done():
            row = db.session.get(SyncRun, run.id)
            done = json.loads(row.progress or "{}").get("invoice", [0])[0]
            return row.status == SyncRun.RUNNING and done > 0

        wait_for(some_invoices_done)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    requests.delete(fault_url, timeout=10)
    # A batch in flight when the worker died may still land: wait until the
    # sandbox has finished every request it was handling (it serves this process).
    wait_for(sandbox_idle)
    # Nothing more can arrive now, as after SYNC_UNCERTAIN_SECONDS in real life:
    # move the pending marks back past that window.
    db.session.execute(
        sa.update(ExternalLink)
        .where(ExternalLink.state == ExternalLink.PENDING)
        .values(pending_since=utcnow() - timedelta(hours=1))
    )
    db.session.commit()

    row = db.session.get(SyncRun, run.id)
    assert row.status == SyncRun.RUNNING  # nobody told the database
    later = runs.aware(row.heartbeat_at) + timedelta(
        seconds=current_app.config.get("SYNC_STALE_SECONDS", 60) + 1
    )
    assert runs.recover_stale(company.id, now=later) == 1
    db.session.expire_all()
    row = db.session.get(SyncRun, run.id)
    assert (row.status, row.error_code) == (SyncRun.FAILED, "worker_stopped")
    assert row.finished_at is not None and runs.aware(row.finished_at) <= utcnow()

    again = sync(company, provider, kinds=("push_invoices",))
    assert again.status == SyncRun.SUCCEEDED, [
        (i.label, i.error_code, i.provider_message, i.note)
        for i in again.items
        if i.status != "ok"
    ]
    held = package.documents("invoice")
    assert [held.get(i.number) for i in invoices] == [1] * len(invoices)
