"""Each admin action writes its audit entry: who, from where, what, in its commit."""

import json

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from app.extensions import db
from app.models import AuditEntry, ProviderApp, SyncExclusion, SyncRun
from tests import test_integrations as connecting
from tests.conftest import HTMX
from tests.factories import (
    make_customer,
    make_invoice,
    make_sync_run,
    nominal_code,
    tax_code,
    user,
)
from tests.sync import conftest as sync_fixtures
from tests.test_rotation import NEW, OLD, secrets_under, use_key

sandbox_app = sync_fixtures.sandbox_app
sandbox_url = sync_fixtures.sandbox_url
http = sync_fixtures.http
linked_app = sync_fixtures.linked_app
admin = sync_fixtures.admin
connected = sync_fixtures.connected

ADDRESS = "203.0.113.7"
OPTIONS_URL = "/settings/integrations/options"


@pytest.fixture
def provider():
    """One package is enough: what is recorded does not depend on it."""
    return "xero"


@pytest.fixture
def client(app):
    """Every request comes from ADDRESS, so the entries' address can be checked."""
    test_client = app.test_client()
    test_client.environ_base["REMOTE_ADDR"] = ADDRESS
    return test_client


def entries(kind, company=None):
    db.session.expire_all()
    query = sa.select(AuditEntry).where(AuditEntry.kind == kind)
    if company is not None:
        query = query.where(AuditEntry.company_id == company.id)
    return db.session.scalars(query.order_by(AuditEntry.id)).all()


def by_admin(row, company):
    """The entry names the company's admin, as they were, and where they were."""
    admin_user = user(company)
    assert (row.company_id, row.actor_id, row.actor_email, row.address) == (
        company.id,
        admin_user.id,
        admin_user.email,
        ADDRESS,
    )


def test_saving_credentials_records_the_client_id_and_never_the_secret(
    app, client, auth, company
):
    auth.login()
    url = "/settings/integrations/xero/credentials"
    client.post(url, data={"xero-client_id": "my-client", "xero-client_secret": "s-42"})
    client.post(url, data={"xero-client_id": "new-client", "xero-client_secret": ""})
    client.post(url, data={"xero-client_id": "", "xero-client_secret": "s-43"})
    first, second = entries(AuditEntry.CREDENTIALS_SAVED)
    by_admin(first, company)
    assert first.summary == "Xero app credentials saved."
    assert first.detail_dict == {
        "provider": "Xero",
        "before": {"client_id": None},
        "after": {"client_id": "my-client"},
        "client_secret": "a new one saved",
    }
    assert second.detail_dict["before"] == {"client_id": "my-client"}
    assert second.detail_dict["client_secret"] == "unchanged"
    stored = db.session.execute(sa.text("SELECT * FROM audit_entries")).all()
    assert "s-42" not in repr(stored) and "s-43" not in repr(stored)
    assert db.session.scalar(sa.select(ProviderApp.client_id)) == "new-client"


def test_connect_records_the_organisation_and_a_denied_one_nothing(
    admin, http, company
):
    connecting.connect(admin, http, "xero", action="deny")
    assert entries(AuditEntry.CONNECTED) == []
    reply = connecting.connect(admin, http, "xero")
    assert reply.status_code == 302
    [row] = entries(AuditEntry.CONNECTED)
    by_admin(row, company)
    connection = connecting.connection(company, "xero")
    assert row.summary == "Connected to Xero: Demo Services Ltd."
    assert row.detail_dict == {
        "provider": "Xero",
        "organisation": "Demo Services Ltd",
        "remote_id": connection.remote_id,
    }


def test_disconnect_records_whether_the_package_confirmed(admin, http, company):
    connecting.connect(admin, http, "quickbooks")
    admin.post("/settings/integrations/quickbooks/disconnect")
    admin.post("/settings/integrations/quickbooks/disconnect")  # not connected now
    [row] = entries(AuditEntry.DISCONNECTED)
    by_admin(row, company)
    assert row.summary == "Disconnected from QuickBooks Online."
    assert row.detail_dict["package_confirmed"] is True
    assert row.detail_dict["organisation"]


def test_options_changed_records_each_changed_field_before_and_after(
    app, client, auth, company
):
    auth.login()
    sales, standard = nominal_code(company, "4000"), tax_code(company, "T1")
    first = {
        "pull_codes": "y",
        "push_invoices": "y",
        "invoice_status": "approved",
        "auto_sync": "off",
        "default_sales_nominal_code_id": str(sales.id),
    }
    client.post(OPTIONS_URL, data=first)
    client.post(OPTIONS_URL, data=first)  # nothing changed: nothing recorded
    second = dict(first, auto_sync="daily", invoice_status="draft", push_invoices="")
    second[f"tax_map-{standard.id}"] = "20% (VAT on Income)"
    client.post(OPTIONS_URL, data=second)
    client.post(OPTIONS_URL, data={"invoice_status": "bad"})  # refused: no entry
    new, changed = entries(AuditEntry.OPTIONS_CHANGED)
    by_admin(changed, company)
    # Unsaved options start from the defaults: everything on, approved, off.
    assert new.detail_dict["after"]["default_sales_nominal_code"] == "4000 Sales"
    assert new.detail_dict["before"]["pull_customers"] is True
    assert new.detail_dict["after"]["pull_customers"] is False
    assert changed.detail_dict == {
        "before": {
            "push_invoices": True,
            "invoice_status": "approved",
            "auto_sync": "off",
            "tax_names": {},
        },
        "after": {
            "push_invoices": False,
            "invoice_status": "draft",
            "auto_sync": "daily",
            "tax_names": {"T1": "20% (VAT on Income)"},
        },
    }
    assert changed.summary == "Sync options changed (4 settings)."
    page = client.get("/settings/audit/?kind=options_changed").get_data(as_text=True)
    assert "Automatic sync: off → daily" in page
    assert "Push sales invoices: yes → no" in page


def test_save_and_sync_records_what_it_queued_with_its_counts(
    admin, company, connected
):
    customer = make_customer(company)
    make_invoice(company, customer)
    make_invoice(company, customer)
    reply = admin.post("/sync/runs", headers=HTMX)
    assert reply.status_code == 200
    admin.post("/sync/runs", headers=HTMX)  # the same run, already going
    [row] = entries(AuditEntry.SYNC_STARTED)
    by_admin(row, company)
    [run] = db.session.scalars(sa.select(SyncRun)).all()
    assert run.status == SyncRun.QUEUED
    assert row.summary.startswith("Save & Sync with Xero: 1 customer, 2 sales invoices")
    details = row.detail_dict
    assert details["provider"] == "Xero"
    assert details["to_send"]["Sales invoices"] == 2
    assert details["to_send"]["Customers"] == 1
    assert details["asked"][0] == "pull codes" and "send payments" in details["asked"]


def test_retry_records_the_run_and_what_goes_again(admin, company, connected):
    invoice = make_invoice(company)
    run = make_sync_run(company, failed_invoice=invoice)
    busy = make_sync_run(company, status=SyncRun.QUEUED)
    refused = admin.post(f"/settings/history/{run.id}/retry", headers=HTMX)
    assert "A sync is already running" in refused.text
    assert entries(AuditEntry.RETRY_STARTED) == []
    busy.status = SyncRun.CANCELLED
    db.session.commit()
    reply = admin.post(f"/settings/history/{run.id}/retry", headers=HTMX)
    assert reply.status_code == 204  # htmx goes to the list with the new run open
    assert "/settings/history/?run=" in reply.headers["HX-Location"]
    [row] = entries(AuditEntry.RETRY_STARTED)
    by_admin(row, company)
    assert (
        row.summary == f"Retry failed items of run {run.id} with Xero: 1 sales invoice."
    )
    assert row.detail_dict == {
        "provider": "Xero",
        "retry_of": run.id,
        "to_send": {"Sales invoices": 1},
    }


def test_dont_send_and_send_again_are_recorded_once_each(client, auth, company):
    invoice = make_invoice(company)
    auth.login()
    form = {"kind": "invoice", "local_id": str(invoice.id)}
    client.post("/settings/history/exclusions", data=form, headers=HTMX)
    client.post("/settings/history/exclusions", data=form, headers=HTMX)  # twice
    [left_out] = entries(AuditEntry.EXCLUDED)
    by_admin(left_out, company)
    assert invoice.number in left_out.summary
    assert left_out.detail_dict["record"] == "Sales invoice"
    assert left_out.detail_dict["local_id"] == invoice.id
    exclusion = db.session.scalar(sa.select(SyncExclusion))
    url, label = f"/settings/history/exclusions/{exclusion.id}/delete", exclusion.label
    client.post(url, headers=HTMX)
    assert client.post(url, headers=HTMX).status_code == 404  # already sent again
    [sent_again] = entries(AuditEntry.INCLUDED)
    by_admin(sent_again, company)
    assert sent_again.summary == f"Send again: {label}."


def test_key_rotation_records_one_entry_per_company_it_touched(
    app, runner, company, other_company
):
    secrets_under(app, company, OLD)  # three secrets
    db.session.add(
        ProviderApp(
            company_id=other_company.id,
            provider="quickbooks",
            client_id="id",
            client_secret="s4",
        )  # fmt: skip
    )
    db.session.commit()
    use_key(app, NEW)
    wrong_key = Fernet.generate_key().decode()
    wrong = runner.invoke(args=["rotate-encryption-key", "--old-key", wrong_key])
    assert wrong.exit_code != 0 and entries(AuditEntry.KEY_ROTATED) == []
    result = runner.invoke(args=["rotate-encryption-key", "--old-key", OLD])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["rotate-encryption-key", "--old-key", OLD])  # nothing to do
    ours, theirs = entries(AuditEntry.KEY_ROTATED)
    assert (ours.company_id, theirs.company_id) == (company.id, other_company.id)
    assert (ours.actor_id, ours.actor_email, ours.address) == (None, "", "")
    assert json.loads(ours.details) == {
        "by": "flask rotate-encryption-key",
        "re_encrypted": 3,
    }
    assert theirs.summary == (
        "Encryption key rotated: 1 stored secret re-encrypted under the new key."
    )
