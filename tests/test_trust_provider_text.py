"""Text from a package that the database cannot store, and records we cannot read:
each is cleaned or fails as one item, never the whole run (SQLite and PostgreSQL)."""

import json

import requests
import sqlalchemy as sa

from app.extensions import db
from app.models import Customer, SyncItem, SyncRun
from sandbox.quickbooks.models import QboEntity
from sandbox.storage import sandbox_db
from sandbox.xero.models import XeroRecord
from tests.factories import make_customer, make_invoice
from tests.sync import conftest as syncing
from tests.sync.conftest import sync
from tests.sync.test_engine import items

sandbox_app = syncing.sandbox_app
sandbox_url = syncing.sandbox_url
http = syncing.http
linked_app = syncing.linked_app
admin = syncing.admin
provider = syncing.provider
connected = syncing.connected
package = syncing.package

NUL_NAME = "Nul\x00 Works Ltd"
SURROGATE = "Lone \ud800 Surrogate Ltd"


def write(package, path, body):
    """Send a write straight to the sandbox with the connection's own token."""
    row = package.connection
    db.session.refresh(row)
    headers = {
        "Authorization": f"Bearer {row.access_token}",
        "Accept": "application/json",
        "Content-Type": "application/json",
    }
    if row.provider == "xero":
        url = f"{package.base}/xero/api.xro/2.0/{path}"
        headers["xero-tenant-id"] = row.remote_id
        method = requests.put
    else:
        url = f"{package.base}/quickbooks/v3/company/{row.remote_id}/{path}"
        method = requests.post
    # json.dumps writes NUL as \u0000 and a lone surrogate as \ud800, as a
    # package's own JSON may.
    reply = method(url, json=body, headers=headers, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json()


def add_contact(package, name):
    if package.connection.provider == "xero":
        return write(package, "Contacts", {"Contacts": [{"Name": name}]})
    return write(package, "customer", {"DisplayName": name})


def rewrite_contact(sandbox_app, provider, current, **changes):
    """Change a contact in the sandbox's own store, past its API's checks, as a
    package's data may look after years of imports and integrations."""
    model, key = (
        (XeroRecord, "Name") if provider == "xero" else (QboEntity, "DisplayName")
    )
    with sandbox_app.app_context():
        for row in sandbox_db.session.scalars(sa.select(model)):
            data = json.loads(row.data)
            if data.get(key) == current:
                data.update({key if k == "name" else k: v for k, v in changes.items()})
                row.data = json.dumps(data)  # ASCII: a lone surrogate as \ud800
                sandbox_db.session.commit()
                return
    raise AssertionError(f"no contact {current!r} in the sandbox")


def test_a_contact_named_with_nul_or_a_lone_surrogate_syncs(
    company, provider, package, sandbox_app
):
    add_contact(package, NUL_NAME)
    add_contact(package, "Surrogate Ltd")
    rewrite_contact(sandbox_app, provider, "Surrogate Ltd", name=SURROGATE)
    customer = make_customer(company, name="Newbuild Homes Ltd")
    invoice = make_invoice(company, customer, number="LB-NUL-1")

    run = sync(company, provider)

    assert run.status == SyncRun.SUCCEEDED, (run.error_code, run.message)
    names = set(db.session.scalars(sa.select(Customer.name)))
    assert "Nul Works Ltd" in names
    assert "Lone \ufffd Surrogate Ltd" in names
    assert package.documents("invoice").get(invoice.number) == 1


def test_a_push_links_our_customer_to_their_contact_with_a_nul(
    company, provider, package
):
    add_contact(package, NUL_NAME)
    customer = make_customer(company, name="Nul Works Ltd")
    invoice = make_invoice(company, customer, number="LB-NUL-2")

    run = sync(company, provider, kinds=("push_invoices",))

    assert run.status == SyncRun.SUCCEEDED, (run.error_code, run.message)
    # The same customer: linked to theirs, not sent again as a second contact.
    assert [i.action for i in items(run, kind="customer")] == ["linked"]
    assert package.documents("invoice").get(invoice.number) == 1


def test_a_contact_we_cannot_read_fails_as_one_item(
    company, provider, package, sandbox_app, admin
):
    add_contact(package, "Broken Record Ltd")
    add_contact(package, "Plain Name Ltd")
    rewrite_contact(sandbox_app, provider, "Broken Record Ltd", name=["Broken", 7])
    customer = make_customer(company, name="Newbuild Homes Ltd")
    invoice = make_invoice(company, customer, number="LB-NUL-3")

    run = sync(company, provider)

    assert run.status == SyncRun.WITH_ERRORS, (run.error_code, run.message)
    [bad] = items(run, status=SyncItem.FAILED)
    assert bad.kind == "customer_pull" and bad.local_id is None
    assert "could not read" in bad.note and "name is not text" in bad.note
    names = set(db.session.scalars(sa.select(Customer.name)))
    assert "Plain Name Ltd" in names
    assert package.documents("invoice").get(invoice.number) == 1
    assert run.failed == 1
    page = admin.get(f"/settings/history/{run.id}/items").get_data(as_text=True)
    assert "Xero" in page or "QuickBooks" in page
    assert "name is not text" in page
