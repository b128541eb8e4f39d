"""A whole sync against each sandbox over HTTP, run by a real RQ worker."""

import logging

import pytest
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
from app.sync.options import options_for
from tests.factories import (
    make_credit_note,
    make_customer,
    make_invoice,
    make_payment,
    nominal_code,
)
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


@pytest.mark.parametrize("provider", ["xero"], indirect=True)
def test_the_default_sales_code_stands_in_for_one_the_package_lacks(
    company, provider, connected, package
):
    odd = NominalCode(company_id=company.id, code="4999", name="Odd", type="revenue")
    db.session.add(odd)
    options = options_for(company.id)
    options.default_sales_nominal_code_id = nominal_code(company, "4000").id
    db.session.commit()
    invoice = make_invoice(company, lines=(("1", "10", "T1", "4999"),), number="LB-5")
    run = sync(company, provider, kinds=("push_invoices",))
    assert run.status == SyncRun.SUCCEEDED
    [element] = package.get("Invoices", InvoiceNumbers=invoice.number, page=1)[
        "Invoices"
    ]
    assert element["LineItems"][0]["AccountCode"] == "4000"


def test_options_choose_the_bank_account_and_the_schedule(admin, company):
    bank = nominal_code(company, "1200")
    reply = admin.post(
        "/settings/integrations/options",
        data={
            "push_invoices": "y",
            "invoice_status": "approved",
            "default_sales_nominal_code_id": "0",
            "bank_nominal_code_id": str(bank.id),
            "auto_sync": "daily",
            "action": "save",
        },
    )
    assert reply.status_code == 302
    options = options_for(company.id)
    assert (options.bank_nominal_code_id, options.auto_sync) == (bank.id, "daily")
    bad = admin.post(
        "/settings/integrations/options",
        data={"auto_sync": "every second", "invoice_status": "approved"},
        follow_redirects=True,
    )
    assert bad.status_code == 200 and "Check the sync options" in bad.get_data(
        as_text=True
    )
    assert options_for(company.id).auto_sync == "daily"


@pytest.mark.parametrize("provider", ["xero"], indirect=True)
def test_log_lines_during_a_run_carry_its_id(company, provider, connected, caplog):
    caplog.set_level(logging.INFO, "ledgerbridge.providers")
    run = sync(company, provider, kinds=("push_invoices",))
    during = [r for r in caplog.records if r.name == "ledgerbridge.providers"]
    assert during and all(r.run == f" run={run.id}" for r in during)
    logging.getLogger("ledgerbridge.providers").info("after the run")
    assert caplog.records[-1].run == ""
