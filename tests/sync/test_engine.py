"""A whole sync against each sandbox over HTTP, run by a real RQ worker."""

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Customer,
    ExternalLink,
    NominalCode,
    SyncItem,
    SyncRun,
    TaxCode,
)
from tests.factories import make_credit_note, make_customer, make_invoice, make_payment
from tests.sync.conftest import sync


def items(run, **where):
    query = sa.select(SyncItem).where(SyncItem.run_id == run.id)
    for name, value in where.items():
        query = query.where(getattr(SyncItem, name) == value)
    return db.session.scalars(query.order_by(SyncItem.id)).all()


def test_everything_arrives_once_and_a_second_run_sends_nothing(
    company, provider, package
):
    customer = make_customer(
        company, name="Newbuild Homes Ltd", email="ap@newbuild.example"
    )
    invoices = [
        make_invoice(company, customer, number=f"LB-{n:04d}") for n in range(1, 4)
    ]
    make_payment(invoices[0], "50.00")
    make_credit_note(invoices[1], number="LB-CN-0001")

    run = sync(company, provider)

    assert run.status == SyncRun.SUCCEEDED, [
        (i.label, i.error_code, i.provider_message) for i in items(run, status="failed")
    ]
    assert run.finished_at is not None and run.failed == 0
    held = package.documents("invoice")
    assert all(held.get(f"LB-{n:04d}") == 1 for n in range(1, 4)), held
    assert package.documents("credit_note").get("LB-CN-0001") == 1
    assert len(items(run, kind="payment", action="created")) == 1
    assert len(items(run, kind="allocation", action="created")) == 1
    assert len(items(run, kind="customer", action="created")) == 1
    # Codes came across: linked or created, and archived ones are inactive here.
    assert db.session.scalar(
        sa.select(sa.func.count(ExternalLink.id)).where(ExternalLink.kind == "tax_code")
    )
    assert db.session.scalar(
        sa.select(TaxCode).where(
            TaxCode.company_id == company.id, TaxCode.source == provider
        )
    )
    assert db.session.scalar(
        sa.select(NominalCode).where(
            NominalCode.company_id == company.id, NominalCode.code == "4000"
        )
    ).active
    # Customers pulled from the package are here now, linked.
    pulled = db.session.scalar(
        sa.select(sa.func.count(Customer.id)).where(Customer.company_id == company.id)
    )
    assert pulled > 2

    again = sync(company, provider)
    assert again.status == SyncRun.SUCCEEDED
    assert items(again, kind="invoice") == []
    assert package.documents("invoice").get("LB-0001") == 1
    assert len(package.payments()) >= 1
