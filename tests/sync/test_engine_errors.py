"""Failures reach the history with a catalogue entry; dependants are skipped."""

from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import ExternalLink, NominalCode, SyncRun
from app.models.base import utcnow
from app.sync import catalogue
from tests.factories import make_customer, make_invoice
from tests.sync.conftest import sync
from tests.sync.test_engine import items
from tests.sync.test_worker_crash import sandbox_idle, wait_for

ARCHIVED = {"xero": "Lakeside Hotel", "quickbooks": "Kestrel Offices"}


def test_rule_failures_are_explained_and_dependants_skipped(company, provider, package):
    odd = NominalCode(
        company_id=company.id, code="4999", name="Odd sales", type="revenue"
    )
    db.session.add(odd)
    db.session.commit()
    good = make_customer(company, name="Newbuild Homes Ltd")
    unknown_code = make_invoice(
        company, good, lines=(("1", "10", "T1", "4999"),), number="LB-1"
    )
    archived = make_customer(company, name=ARCHIVED[provider], email="")
    blocked = make_invoice(company, archived, number="LB-2")
    fine = make_invoice(company, good, number="LB-3")

    run = sync(company, provider)

    assert run.status == SyncRun.WITH_ERRORS, (run.error_code, run.message)
    by_record = {
        (i.kind, i.local_id): i for i in items(run) if i.kind != "customer_pull"
    }
    code_item = by_record[("invoice", unknown_code.id)]
    assert (code_item.status, code_item.error_code) == (
        "failed",
        "nominal_code_unknown",
    )
    assert "4999" in code_item.note and code_item.provider_message is None
    customer_item = by_record[("customer", archived.id)]
    assert (customer_item.status, customer_item.error_code) == (
        "failed",
        "customer_archived",
    )
    skipped = by_record[("invoice", blocked.id)]
    assert (skipped.status, skipped.error_code) == ("skipped", "dependency_failed")
    assert by_record[("invoice", fine.id)].action == "created", [
        (i.kind, i.label, i.status, i.error_code, i.provider_message)
        for i in items(run)
        if i.kind in ("invoice", "customer")
    ]
    assert run.failed == 2 and run.skipped == 1
    for item in items(run):
        if item.error_code:
            assert catalogue.entry(item.error_code).code == item.error_code
    held = package.documents("invoice")
    assert held.get(fine.number) == 1
    assert unknown_code.number not in held and blocked.number not in held


@pytest.mark.parametrize("provider", ["xero"], indirect=True)
def test_a_number_already_in_xero_is_a_duplicate_with_its_faq_entry(
    company, provider, package
):
    clash = make_invoice(company, number="INV-00003")
    run = sync(company, provider, kinds=("push_invoices",))
    [item] = items(run, kind="invoice")
    assert item.status == "failed" and item.local_id == clash.id
    assert item.error_code == "duplicate_document_number"
    assert "unique" in item.provider_message.lower()
    assert package.documents("invoice")["INV-00003"] == 1  # still only theirs


@pytest.mark.parametrize("provider", ["xero"], indirect=True)
def test_the_lock_date_is_checked_before_sending(
    company, provider, package, sandbox_url
):
    invoice = make_invoice(company)
    lock = invoice.issue_date.isoformat()
    reply = requests.put(
        f"{sandbox_url}/xero/_admin/organisations/{package.connection.remote_id}/lock-dates",
        json={"PeriodLockDate": lock},
        timeout=10,
    )
    assert reply.status_code == 200, reply.text
    run = sync(company, provider, kinds=("push_invoices",))
    [item] = items(run, kind="invoice")
    assert item.error_code == "before_lock_date"
    assert invoice.number not in package.documents("invoice")


def test_faults_leave_every_document_once(company, provider, package, sandbox_url):
    """429 bursts, 503s, resets and timeouts: runs until done, nothing twice."""
    current_app.config.update(PROVIDER_BACKOFF=0.01, PROVIDER_READ_TIMEOUT=1.5)
    customer = make_customer(company, name="Newbuild Homes Ltd")
    invoices = [make_invoice(company, customer, number=f"LB-{n}") for n in range(8)]
    tenant = package.connection.remote_id
    reply = requests.put(
        f"{sandbox_url}/_admin/faults/{provider}/{tenant}",
        json={"throttle_burst": 2, "error_rate": 0.25, "reset_rate": 0.1,
              "timeout_rate": 0.05, "seed": 11},
        timeout=10,
    )  # fmt: skip
    assert reply.status_code == 200
    statuses = []
    for _attempt in range(8):
        run = sync(company, provider, kinds=("push_invoices",))
        statuses.append((run.status, run.skipped))
        if run.status == SyncRun.SUCCEEDED and not run.skipped:
            break
        # A write that timed out may still land: once the sandbox has finished
        # every request, nothing more can, as after SYNC_UNCERTAIN_SECONDS.
        wait_for(sandbox_idle)
        db.session.execute(
            sa.update(ExternalLink)
            .where(ExternalLink.state == ExternalLink.PENDING)
            .values(pending_since=utcnow() - timedelta(hours=1))
        )
        db.session.commit()
    requests.delete(f"{sandbox_url}/_admin/faults/{provider}/{tenant}", timeout=10)
    assert statuses[-1] == (SyncRun.SUCCEEDED, 0), (
        statuses,
        [
            (i.kind, i.label, i.status, i.error_code, i.provider_message)
            for i in items(run)
            if i.status != "ok"
        ],
    )
    held = package.documents("invoice")
    assert [held.get(i.number) for i in invoices] == [1] * len(invoices)
    pending = db.session.scalar(
        sa.select(sa.func.count(ExternalLink.id)).where(
            ExternalLink.state == ExternalLink.PENDING
        )
    )
    assert pending == 0
