"""An invoice voided here after it went to the package is voided there too, once;
one the package will not void is explained and tried again next time."""

import pytest
import requests

from app.credit_notes import services as credit_services
from app.extensions import db
from app.invoices import services
from app.models import ExternalLink, SyncRun
from app.sync import counts
from app.sync.options import options_for
from tests.factories import (
    make_credit_note,
    make_customer,
    make_invoice,
    make_payment,
)
from tests.sync.conftest import link_of, sync
from tests.sync.test_engine import items
from tests.sync.test_lost_replies import applied_to, invoice_link

INVOICES = ("push_invoices",)


def void_here(invoice):
    assert services.void(invoice) is None
    db.session.commit()


def status_there(package, provider, remote_id):
    """What the package says of the invoice now."""
    if provider == "xero":
        [invoice] = package.get(f"Invoices/{remote_id}")["Invoices"]
        return invoice["Status"]
    invoice = package.get(f"invoice/{remote_id}")["Invoice"]
    voided = float(invoice["TotalAmt"]) == 0 and "Voided" in invoice["PrivateNote"]
    return "VOIDED" if voided else "OPEN"


def test_an_invoice_voided_after_it_went_is_voided_there_once(
    company, provider, connected, package
):
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    kept = make_invoice(company, invoice.customer)
    assert sync(company, provider, kinds=INVOICES).status == SyncRun.SUCCEEDED
    remote_id = invoice_link(invoice)
    void_here(invoice)
    assert counts.push_counts(company.id, provider, {"invoice"})["invoice"] == 1

    run = sync(company, provider, kinds=INVOICES)

    assert run.status == SyncRun.SUCCEEDED and run.updated == 1
    [item] = items(run, kind="invoice")
    assert (item.local_id, item.action, item.remote_id) == (
        invoice.id,
        "voided",
        remote_id,
    )
    assert status_there(package, provider, remote_id) == "VOIDED"
    assert status_there(package, provider, invoice_link(kept)) != "VOIDED"
    assert counts.push_counts(company.id, provider, {"invoice"})["invoice"] == 0
    assert not items(sync(company, provider, kinds=INVOICES), kind="invoice")


@pytest.mark.parametrize("provider", ["xero"], indirect=True)
def test_a_draft_in_xero_is_deleted_there(company, provider, connected, package):
    """Xero voids only approved invoices; one sent as a draft is deleted instead."""
    options = options_for(company.id)
    options.invoice_status = options.DRAFT
    db.session.commit()
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    assert sync(company, provider, kinds=INVOICES).status == SyncRun.SUCCEEDED
    remote_id = invoice_link(invoice)
    assert status_there(package, provider, remote_id) == "DRAFT"
    void_here(invoice)

    run = sync(company, provider, kinds=INVOICES)

    [item] = items(run, kind="invoice")
    assert item.action == "voided"
    assert status_there(package, provider, remote_id) == "DELETED"


def paid_then_voided_here(company, provider):
    """An invoice and its payment sent; then, here, the payment deleted and the
    invoice voided, as the office would to cancel it."""
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    payment = make_payment(invoice, "50.00")
    kinds = ("push_invoices", "push_payments")
    assert sync(company, provider, kinds=kinds).status == SyncRun.SUCCEEDED
    db.session.delete(payment)
    db.session.commit()
    void_here(invoice)
    return invoice


def test_a_void_the_package_refuses_is_explained_and_tried_again(
    company, provider, connected, package
):
    """The payment was deleted here but not there: the package will not void an
    invoice with money on it, says so, and the link stays for the next sync."""
    invoice = paid_then_voided_here(company, provider)

    run = sync(company, provider, kinds=INVOICES)

    assert run.failed == 1
    [item] = items(run, kind="invoice")
    assert (item.status, item.action) == ("failed", "skipped")
    assert item.error_code == "void_refused", item.provider_message
    assert item.provider_message
    link = link_of("invoice", invoice.id)
    assert link.state == ExternalLink.LINKED
    assert status_there(package, provider, link.remote_id) != "VOIDED"
    [again] = items(sync(company, provider, kinds=INVOICES), kind="invoice")
    assert again.status == "failed"


def test_a_payment_deleted_here_after_it_went_is_deleted_there(
    company, provider, connected, package, admin
):
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    make_payment(invoice, "20.00")
    gone_id = make_payment(invoice, "50.00").id  # the highest: SQLite reuses those
    kinds = ("push_invoices", "push_payments")
    assert sync(company, provider, kinds=kinds).status == SyncRun.SUCCEEDED
    name = {"xero": "Xero", "quickbooks": "QuickBooks Online"}[provider]
    page = admin.post(f"/payments/{gone_id}/delete", follow_redirects=True)
    assert f"The next sync deletes it in {name} too." in page.get_data(as_text=True)
    assert counts.push_counts(company.id, provider, {"payment"})["payment"] == 1
    newer = make_payment(invoice, "7.00")  # never the deleted one's id
    assert newer.id != gone_id

    run = sync(company, provider, kinds=kinds)

    assert run.status == SyncRun.SUCCEEDED
    [deleted] = items(run, kind="payment", action="deleted")
    assert deleted.local_id == gone_id
    assert deleted.label.startswith("50.00 on ") and "deleted here" in deleted.label
    [created] = items(run, kind="payment", action="created")
    assert created.local_id == newer.id
    remote = invoice_link(invoice)
    assert applied_to(package, remote, provider) == ["20.00", "7.00"]
    assert not items(sync(company, provider, kinds=kinds), kind="payment")


def test_delete_a_payment_and_void_its_invoice_in_one_sync(
    company, provider, connected, package
):
    """The payment goes first, so the package then lets the invoice be voided."""
    invoice = paid_then_voided_here(company, provider)

    run = sync(company, provider, kinds=("push_invoices", "push_payments"))

    assert run.status == SyncRun.SUCCEEDED, [i.provider_message for i in items(run)]
    assert [i.action for i in items(run, status="ok")] == ["deleted", "voided"]
    assert status_there(package, provider, invoice_link(invoice)) == "VOIDED"


def credit_there(package, provider, number):
    """(status, amount applied) of our credit note in the package, or None."""
    if provider == "xero":
        notes = package.get("CreditNotes", where=f'CreditNoteNumber=="{number}"')
        [note] = notes["CreditNotes"]
        return note["Status"], float(note.get("AppliedAmount") or 0)
    text = f"select * from CreditMemo where DocNumber = '{number}'"  # noqa: S608
    found = package.get("query", query=text)["QueryResponse"].get("CreditMemo", [])
    return None if not found else ("OPEN", float(found[0]["TotalAmt"]))


def test_a_credit_note_voided_here_is_taken_back_and_voided_there(
    company, provider, connected, package
):
    """Its allocation is removed first (the package refuses to void an applied
    credit); then the invoice, voided here too, can be voided there in the same
    sync."""
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    note = make_credit_note(invoice, number="LB-CN-9")
    kinds = ("push_invoices", "push_credit_notes")
    first = sync(company, provider, kinds=kinds)
    assert first.status == SyncRun.SUCCEEDED
    assert items(first, kind="allocation", action="created")
    assert credits_voided_here(note, invoice) is None
    assert counts.push_counts(company.id, provider, {"credit_note"}) == {
        "customer": 0, "credit_note": 1, "allocation": 0,
    }  # fmt: skip

    run = sync(company, provider, kinds=kinds)

    assert run.status == SyncRun.SUCCEEDED, [i.provider_message for i in items(run)]
    assert [(i.kind, i.action) for i in items(run, status="ok")] == [
        ("credit_note", "voided"),
        ("invoice", "voided"),
    ]
    expected = None if provider == "quickbooks" else ("VOIDED", 0.0)
    assert credit_there(package, provider, "LB-CN-9") == expected  # QBO: deleted
    assert status_there(package, provider, invoice_link(invoice)) == "VOIDED"
    again = sync(company, provider, kinds=kinds)
    assert not items(again, kind="credit_note") and not items(again, kind="invoice")


def credits_voided_here(note, invoice):
    """Void the credit note, then its invoice, as the office would."""
    assert credit_services.void(note) is None
    db.session.commit()
    void_here(invoice)


def lock_books(sandbox_url, connection, provider, day):
    """The package's lock date (Xero) or books close date (QuickBooks) set to day."""
    if provider == "xero":
        tenant = connection.remote_id
        url = f"{sandbox_url}/xero/_admin/organisations/{tenant}/lock-dates"
        body = {"PeriodLockDate": day.isoformat()}
    else:
        url = (
            f"{sandbox_url}/quickbooks/_admin/companies/{connection.remote_id}"
            "/book-close-date"
        )
        body = {"BookCloseDate": day.isoformat()}
    assert requests.put(url, json=body, timeout=10).status_code == 200


def test_a_deletion_the_package_refuses_can_be_left_out(
    company, provider, connected, package, admin, sandbox_url
):
    """The payment's date is now in a locked period there, so the package keeps
    it: the item says why, links to no page (the payment is gone here), and
    Don't send stops the next syncs trying."""
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    payment = make_payment(invoice, "50.00")
    payment_id, paid_on = payment.id, payment.payment_date
    kinds = ("push_invoices", "push_payments")
    assert sync(company, provider, kinds=kinds).status == SyncRun.SUCCEEDED
    lock_books(sandbox_url, connected, provider, paid_on)
    admin.post(f"/payments/{payment_id}/delete")

    run = sync(company, provider, kinds=kinds)

    [item] = items(run, kind="payment")
    assert (item.local_id, item.status) == (payment_id, "failed")
    assert item.label == "50.00 on " + invoice.number + " (deleted here)"
    page = admin.get(f"/settings/history/{run.id}").get_data(as_text=True)
    assert "50.00 on " + invoice.number in page
    assert f'href="/payments/{payment_id}"' not in page  # nothing to open here
    left_out = admin.post(
        "/settings/history/exclusions",
        data={"kind": "payment", "local_id": str(payment_id)},
        headers={"HX-Request": "true"},  # the button on the item, as htmx sends it
    )
    assert left_out.status_code == 200, left_out.get_data(as_text=True)
    listed = admin.get("/settings/history/exclusions").get_data(as_text=True)
    assert "50.00 on " + invoice.number + " (deleted here)" in listed
    assert f'href="/payments/{payment_id}"' not in listed
    assert counts.push_counts(company.id, provider, {"payment"})["payment"] == 0
    assert not items(sync(company, provider, kinds=kinds), kind="payment")
    # A payment id that never went to the package is a 404, as any record not ours.
    never = {"kind": "payment", "local_id": str(payment_id + 1000)}
    assert admin.post("/settings/history/exclusions", data=never).status_code == 404
