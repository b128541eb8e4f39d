"""Money rules hold when people press the button at the same moment (issue 18.1).

Each request comes from its own app instance and test client, in its own thread,
all released together by a barrier, on SQLite and on PostgreSQL (DATABASE_URL).
"""

import threading
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, Customer, Payment, SalesInvoice
from tests import factories

TRIALS = 4


def at_once(make_app, count, send, email="admin@acme.example"):
    """Call send(client, i) from `count` signed-in clients at one moment."""
    clients = []
    for _ in range(count):
        client = make_app().test_client()
        client.post("/login", data={"email": email, "password": factories.PASSWORD})
        clients.append(client)
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait()
            results[i] = send(clients[i], i)
        except Exception as error:  # noqa: BLE001 - re-raised in the test thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def paid(invoice_id):
    db.session.expire_all()
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Payment.amount), 0)).where(
            Payment.invoice_id == invoice_id
        )
    )


def pay(invoice_id, amount):
    def send(client, _i):
        return client.post(
            f"/invoices/{invoice_id}/payments",
            follow_redirects=True,
            data={
                "payment_date": date.today().isoformat(),
                "amount": amount,
                "method": "bank_transfer",
            },
        )

    return send


def test_two_full_payments_at_once_keep_one(company, make_app):
    customer = factories.make_customer(company)
    for _ in range(TRIALS):
        invoice = factories.make_invoice(company, customer, lines=[("1", "50", "T0")])
        replies = at_once(make_app, 2, pay(invoice.id, "50.00"))
        assert paid(invoice.id) == Decimal("50.00")
        texts = [r.get_data(as_text=True) for r in replies]
        assert sum("Payment of £50.00 recorded" in t for t in texts) == 1
        assert sum("already paid in full" in t for t in texts) == 1


def test_six_full_payments_at_once_keep_one(company, make_app):
    invoice = factories.make_invoice(company, lines=[("1", "100", "T0")])
    replies = at_once(make_app, 6, pay(invoice.id, "100.00"))
    assert [r.status_code for r in replies] == [200] * 6
    assert sum(b"already paid in full" in r.data for r in replies) == 5
    assert paid(invoice.id) == Decimal("100.00")


def test_payments_from_the_payments_page_never_overpay(company, make_app):
    invoice_id = factories.make_invoice(company, lines=[("1", "100", "T0")]).id

    def send(client, _i):
        return client.post(
            "/payments/new",
            data={
                "invoice_id": invoice_id,
                "payment_date": date.today().isoformat(),
                "amount": "60.00",
                "method": "card",
            },
        )

    replies = at_once(make_app, 4, send)
    assert sorted(r.status_code for r in replies) == [200] * 3 + [302]
    assert paid(invoice_id) == Decimal("60.00")


def test_two_credit_notes_approved_at_once_never_over_credit(company, make_app):
    customer = factories.make_customer(company)
    for _ in range(TRIALS):
        invoice = factories.make_invoice(company, customer, lines=[("1", "100", "T0")])
        notes = [
            factories.make_credit_note(
                invoice, lines=[("1", "100", "T0")], status=CreditNote.DRAFT
            ).id
            for _ in range(2)
        ]
        at_once(
            make_app,
            2,
            lambda client, i, notes=notes: client.post(
                f"/credit-notes/{notes[i]}/approve"
            ),
        )
        db.session.expire_all()
        statuses = [db.session.get(CreditNote, n).status for n in notes]
        assert sorted(statuses) == [CreditNote.APPROVED, CreditNote.DRAFT]


def test_a_payment_and_a_credit_at_once_never_overshoot(company, make_app):
    customer = factories.make_customer(company)
    for _ in range(TRIALS):
        invoice = factories.make_invoice(company, customer, lines=[("1", "100", "T0")])
        note = factories.make_credit_note(
            invoice, lines=[("1", "100", "T0")], status=CreditNote.DRAFT
        )
        payment = pay(invoice.id, "100.00")
        at_once(
            make_app,
            2,
            lambda client, i, payment=payment, note=note.id: (
                payment(client, i)
                if i == 0
                else client.post(f"/credit-notes/{note}/approve")
            ),
        )
        db.session.expire_all()
        invoice = db.session.get(SalesInvoice, invoice.id)
        assert invoice.amount_outstanding == Decimal("0.00")


def test_a_void_and_a_payment_at_once_never_leave_a_paid_void(company, make_app):
    customer = factories.make_customer(company)
    for _ in range(TRIALS):
        invoice = factories.make_invoice(company, customer, lines=[("1", "100", "T0")])
        payment = pay(invoice.id, "40.00")
        at_once(
            make_app,
            2,
            lambda client, i, payment=payment, invoice_id=invoice.id: (
                payment(client, i)
                if i == 0
                else client.post(f"/invoices/{invoice_id}/void")
            ),
        )
        db.session.expire_all()
        invoice = db.session.get(SalesInvoice, invoice.id)
        assert not (invoice.is_void and invoice.payments)


def test_an_edit_and_a_payment_at_once_never_overpay(company, make_app):
    from tests.test_invoices import invoice_form

    customer = factories.make_customer(company)
    for trial in range(TRIALS):
        invoice = factories.make_invoice(company, customer, lines=[("1", "100", "T0")])
        number, invoice_id = invoice.number, invoice.id
        cheaper = invoice_form(
            company, customer, [("Less", "1", "50.00", "T0")], number=number
        )
        payment = pay(invoice_id, "100.00")
        at_once(
            make_app,
            2,
            lambda client, i, payment=payment, data=cheaper, invoice_id=invoice_id: (
                payment(client, i)
                if i == 0
                else client.post(f"/invoices/{invoice_id}/edit", data=data)
            ),
        )
        db.session.expire_all()
        invoice = db.session.get(SalesInvoice, invoice_id)
        assert invoice.amount_outstanding >= 0, f"trial {trial}"


def test_a_contact_deleted_while_invoiced_is_kept(company, make_app):
    from tests.test_invoices import invoice_form

    for trial in range(TRIALS):
        customer = factories.make_customer(company, name=f"Short-lived {trial}")
        data = invoice_form(
            company, customer, [("Boiler", "1", "90.00", "T1")], number=f"R-{trial}"
        )
        customer_id = customer.id
        at_once(
            make_app,
            2,
            lambda client, i, data=data, customer_id=customer_id: (
                client.post("/invoices/new", data=data)
                if i == 0
                else client.post(f"/customers/{customer_id}/delete")
            ),
        )
        db.session.expire_all()
        invoices = db.session.scalars(
            sa.select(SalesInvoice).where(SalesInvoice.customer_id == customer_id)
        ).all()
        if invoices:
            assert db.session.get(Customer, customer_id) is not None, f"trial {trial}"
