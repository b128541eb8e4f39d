"""Payments and credit allocations whose reply was lost: found at the package by
document, amount and date, never sent twice, even when the batch around them
changed (so the idempotency key, which the provider replays, would not match)."""

from datetime import timedelta

from app.extensions import db
from app.models import ExternalLink, SyncRun
from app.models.base import utcnow
from tests.factories import make_credit_note, make_customer, make_invoice, make_payment
from tests.sync.conftest import link_of, sync
from tests.sync.test_engine import items

PAYMENTS = ("push_invoices", "push_payments")
CREDITS = ("push_invoices", "push_credit_notes")


def forget(kind, local_id):
    """What a worker killed between the write and saving its reply leaves behind:
    the link pending with no remote id, marked long enough ago to be resent."""
    link = link_of(kind, local_id)
    remote_id = link.remote_id
    link.state, link.remote_id = ExternalLink.PENDING, None
    link.pending_since = utcnow() - timedelta(hours=1)
    db.session.commit()
    return remote_id


def applied_to(package, invoice_remote_id, provider):
    """The amounts of the payments the package holds against one invoice."""
    amounts = []
    for payment in package.payments():
        if payment.get("Status") == "DELETED":  # Xero lists deleted ones too
            continue
        if provider == "xero":
            if (payment.get("Invoice") or {}).get("InvoiceID") == invoice_remote_id:
                amounts.append(f"{payment['Amount']:.2f}")
        elif float(payment["TotalAmt"]) > 0 and any(
            txn["TxnId"] == invoice_remote_id
            for line in payment["Line"]
            for txn in line.get("LinkedTxn", [])
        ):
            amounts.append(f"{payment['TotalAmt']:.2f}")
    return sorted(amounts)


def assert_linked_and_created(run, kind, lost, remote_id, new):
    """The lost one was found at its old remote record; the new one was sent."""
    [found] = items(run, kind=kind, local_id=lost.id)
    assert (found.action, found.remote_id) == ("linked", remote_id)
    [sent] = items(run, kind=kind, local_id=new.id)
    assert sent.action == "created"


def invoice_link(invoice):
    """The invoice's id in the package."""
    return link_of("invoice", invoice.id).remote_id


def test_a_payment_whose_reply_was_lost_is_found_in_a_changed_batch(
    company, provider, connected, package
):
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    paid = make_payment(invoice, "40.00")
    assert sync(company, provider, kinds=PAYMENTS).status == SyncRun.SUCCEEDED
    remote_id = forget("payment", paid.id)
    later = make_payment(invoice, "25.00")  # the batch resent is not the same batch

    run = sync(company, provider, kinds=PAYMENTS)

    assert run.status == SyncRun.SUCCEEDED
    assert_linked_and_created(run, "payment", paid, remote_id, later)
    assert applied_to(package, invoice_link(invoice), provider) == ["25.00", "40.00"]
    assert not items(sync(company, provider, kinds=PAYMENTS), kind="payment")


def test_two_alike_payments_each_take_their_own_record(
    company, provider, connected, package
):
    """Two 30.00 payments on one day: one lost reply must not link to the other's
    record, or the lost one would be sent again (or never)."""
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    first, second = make_payment(invoice, "30.00"), make_payment(invoice, "30.00")
    assert sync(company, provider, kinds=PAYMENTS).status == SyncRun.SUCCEEDED
    kept = link_of("payment", first.id).remote_id
    lost = forget("payment", second.id)
    make_payment(invoice, "5.00")

    run = sync(company, provider, kinds=PAYMENTS)

    [found] = items(run, kind="payment", local_id=second.id)
    assert (found.action, found.remote_id) == ("linked", lost)
    assert lost != kept
    amounts = applied_to(package, invoice_link(invoice), provider)
    assert amounts == ["30.00", "30.00", "5.00"]


def test_a_lost_payment_that_never_arrived_is_sent_once(
    company, provider, connected, package
):
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    assert sync(company, provider, kinds=("push_invoices",)).status == (
        SyncRun.SUCCEEDED
    )
    payment = make_payment(invoice, "12.34")
    db.session.add(
        ExternalLink(
            company_id=company.id,
            provider=provider,
            kind="payment",
            local_id=payment.id,
            state=ExternalLink.PENDING,
            pending_since=utcnow() - timedelta(hours=1),
        )
    )
    db.session.commit()

    run = sync(company, provider, kinds=PAYMENTS)

    [sent] = items(run, kind="payment", local_id=payment.id)
    assert sent.action == "created"
    assert applied_to(package, invoice_link(invoice), provider) == ["12.34"]


def test_a_credit_allocation_whose_reply_was_lost_is_linked_not_applied_twice(
    company, provider, connected, package
):
    invoice = make_invoice(company, make_customer(company, "Newbuild Homes Ltd"))
    note = make_credit_note(invoice, number="LB-CN-1")  # 12.00 with VAT
    assert sync(company, provider, kinds=CREDITS).status == SyncRun.SUCCEEDED
    remote_id = forget("allocation", note.id)
    other = make_credit_note(invoice, number="LB-CN-2")

    run = sync(company, provider, kinds=CREDITS)

    assert run.status == SyncRun.SUCCEEDED
    assert_linked_and_created(run, "allocation", note, remote_id, other)
    # Credited 24.00 of 120.00 in all: the first note was not applied twice.
    assert credited(package, invoice_link(invoice), provider) == 24
    assert not items(sync(company, provider, kinds=CREDITS), kind="allocation")


def credited(package, invoice_remote_id, provider):
    if provider == "xero":
        [invoice] = package.get(f"Invoices/{invoice_remote_id}")["Invoices"]
        return float(invoice["AmountCredited"])
    invoice = package.get(f"invoice/{invoice_remote_id}")["Invoice"]
    return float(invoice["TotalAmt"]) - float(invoice["Balance"])
