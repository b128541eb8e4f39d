"""The invoice and credit note pages say how their sync went."""

import re

import pytest

from app.extensions import db
from app.models import NominalCode
from tests.factories import make_credit_note, make_customer, make_invoice
from tests.sync import conftest as sync_fixtures
from tests.sync.conftest import EVERYTHING, sync

# The sandbox over HTTP, as the sync engine's own tests use it.
admin = sync_fixtures.admin
connected = sync_fixtures.connected
http = sync_fixtures.http
linked_app = sync_fixtures.linked_app
provider = sync_fixtures.provider
sandbox_app = sync_fixtures.sandbox_app
sandbox_url = sync_fixtures.sandbox_url


def section(page):
    found = re.search(r'<section class="card sync-status".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_without_a_package_the_page_says_nothing_of_syncing(client, auth, company):
    auth.login()
    invoice = make_invoice(company, make_customer(company))
    assert section(client.get(f"/invoices/{invoice.id}").get_data(as_text=True)) == ""


@pytest.mark.usefixtures("connected")
def test_sent_failed_and_not_yet_sent(admin, client, auth, company, provider):
    """After a run: one sent, one refused with why and the FAQ, one not yet sent."""
    name = "Xero" if provider == "xero" else "QuickBooks Online"
    customer = make_customer(company, name="Newbuild Homes Ltd")
    good = make_invoice(company, customer, number="LB-GOOD")
    note = make_credit_note(good)
    db.session.add(
        NominalCode(company_id=company.id, code="4999", name="Odd", type="revenue")
    )
    db.session.commit()
    bad = make_invoice(
        company, customer, lines=(("1", "10", "T1", "4999"),), number="LB-BAD"
    )
    unsent = make_invoice(company, customer, number="LB-NEW")

    before = section(admin.get(f"/invoices/{unsent.id}").get_data(as_text=True))
    assert f"Not yet sent to {name}." in before
    run = sync(company, provider, EVERYTHING)
    later = make_invoice(company, customer, number="LB-LATER")

    sent = section(admin.get(f"/invoices/{good.id}").get_data(as_text=True))
    assert re.search(rf"Sent to {name} on \d\d/\d\d/\d{{4}} \d\d:\d\d\.", sent), sent
    assert "could not send" not in sent
    failed = section(admin.get(f"/invoices/{bad.id}").get_data(as_text=True))
    assert "The last sync could not send it" in failed
    assert "4999" in failed  # what the package said or our words for it
    assert 'href="/help/sync-errors#nominal_code_unknown"' in failed
    assert f'href="/settings/history/?run={run.id}#run-{run.id}"' in failed
    assert "Sent to" not in failed
    waiting = section(admin.get(f"/invoices/{later.id}").get_data(as_text=True))
    assert f"Not yet sent to {name}." in waiting
    credited = section(admin.get(f"/credit-notes/{note.id}").get_data(as_text=True))
    assert f"Sent to {name} on" in credited

    auth.logout()
    auth.login_office()  # office users read it too, without the admin's run link
    office = section(client.get(f"/invoices/{bad.id}").get_data(as_text=True))
    assert "The last sync could not send it" in office
    assert "/settings/history/" not in office
