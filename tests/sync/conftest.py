"""A company connected to a sandbox over HTTP, and a real RQ worker to run syncs."""

import pytest
import requests
from flask import current_app
from rq import Queue, SimpleWorker

from app.extensions import db
from app.models import AccountsConnection, ExternalLink
from app.sync import runs
from app.sync.options import options_for
from sandbox import product_settings
from tests import test_integrations as connecting
from tests.factories import user
from tests.sandbox import conftest as sandbox_fixtures

sandbox_app = sandbox_fixtures.sandbox_app
sandbox_url = sandbox_fixtures.sandbox_url
http = sandbox_fixtures.http
linked_app = connecting.linked_app
admin = connecting.admin

EVERYTHING = (
    "pull_codes",
    "pull_customers",
    "push_invoices",
    "push_credit_notes",
    "push_payments",
)


@pytest.fixture(params=["xero", "quickbooks"])
def provider(request):
    return request.param


@pytest.fixture
def connected(admin, http, company, provider, sandbox_url):
    """The company linked to the provider's demo organisation through consent."""
    # Jobs run in the test's own app context (the twin app): point it there too.
    current_app.config.update(product_settings(sandbox_url))
    reply = connecting.connect(admin, http, provider)
    assert reply.status_code == 302, reply.get_data(as_text=True)
    row = connecting.connection(company, provider)
    assert row is not None and row.status == AccountsConnection.CONNECTED
    options = options_for(company.id)
    options.invoice_status = options.APPROVED
    db.session.add(options)
    db.session.commit()
    return row


def work():
    """Run every queued job to the end in this process, as the worker would."""
    redis = current_app.extensions["redis"]
    queue = Queue(current_app.config["RQ_QUEUE"], connection=redis)
    SimpleWorker([queue], connection=redis).work(burst=True)
    db.session.expire_all()


def sync(company, provider, kinds=EVERYTHING, retry_of=None):
    """Start a run as an admin would and let the worker finish it."""
    run, created = runs.start(
        company.id, provider, kinds, user=user(company), retry_of=retry_of
    )
    assert created
    work()
    return db.session.get(type(run), run.id)


def link_of(kind, local_id):
    """The record's link to the package, as the sync left it."""
    return db.session.scalar(
        db.select(ExternalLink).where(
            ExternalLink.kind == kind, ExternalLink.local_id == local_id
        )
    )


class Sandbox:
    """Reads straight from the sandbox's API with the connection's own token."""

    def __init__(self, base, connection):
        self.base, self.connection = base, connection

    def get(self, path, **params):
        db.session.expire_all()
        row = db.session.get(AccountsConnection, self.connection.id)
        headers = {
            "Authorization": f"Bearer {row.access_token}",
            "Accept": "application/json",
        }
        if row.provider == "xero":
            url = f"{self.base}/xero/api.xro/2.0/{path}"
            headers["xero-tenant-id"] = row.remote_id
        else:
            url = f"{self.base}/quickbooks/v3/company/{row.remote_id}/{path}"
            params.setdefault("minorversion", "75")
        reply = requests.get(url, params=params, headers=headers, timeout=10)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def documents(self, kind):
        """{number: count} of the invoices or credit notes the package holds."""
        if self.connection.provider == "xero":
            collection = "Invoices" if kind == "invoice" else "CreditNotes"
            field = "InvoiceNumber" if kind == "invoice" else "CreditNoteNumber"
            rows = self.get(collection, page=1, pageSize=1000)[collection]
        else:
            entity = "Invoice" if kind == "invoice" else "CreditMemo"
            text = f"select * from {entity} MAXRESULTS 1000"  # noqa: S608 - fixed names
            rows = self.get("query", query=text)
            rows = rows["QueryResponse"].get(entity, [])
            field = "DocNumber"
        counted = {}
        for row in rows:
            if row.get("Status") in ("DELETED", "VOIDED"):
                continue
            counted[row.get(field)] = counted.get(row.get(field), 0) + 1
        return counted

    def payments(self):
        if self.connection.provider == "xero":
            return self.get("Payments")["Payments"]
        rows = self.get("query", query="select * from Payment MAXRESULTS 1000")
        return rows["QueryResponse"].get("Payment", [])


@pytest.fixture
def package(sandbox_url, connected):
    return Sandbox(sandbox_url, connected)
