"""Codes belong to their package: where each rate may be used, and switching package.

Pulls go over real HTTP to the Xero and QuickBooks sandboxes on a loopback port."""

import re

import pytest
from flask import current_app

from app.extensions import db
from app.models import NominalCode, SalesInvoice, SyncOptions, TaxCode
from app.sync import plan as sync_plan
from app.sync.options import options_for
from sandbox import product_settings
from tests import factories
from tests import test_integrations as connecting
from tests.sync import conftest as sync_fixtures
from tests.sync.conftest import sync

admin, connected, http = (
    sync_fixtures.admin,
    sync_fixtures.connected,
    sync_fixtures.http,
)
linked_app, sandbox_app = sync_fixtures.linked_app, sync_fixtures.sandbox_app
sandbox_url = sync_fixtures.sandbox_url

# A purchase-only rate in each sandbox, as our pull names it locally.
PURCHASE_ONLY = {"xero": "ECACQUISITIONS", "quickbooks": "20.0% ECG"}
SALES_ONLY = {"xero": "EXEMPTOUTPUT", "quickbooks": None}


def options_of(html, name):
    """The option texts of the select named `name` on a page."""
    body = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert body, f"no select {name!r}"
    return re.findall(r"<option[^>]*>([^<]*)</option>", body.group(1))


def selected_of(html, name):
    body = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    chosen = re.search(r"<option[^>]*selected[^>]*>([^<]*)</option>", body.group(1))
    return chosen.group(1) if chosen else None


def code(company, value, model=TaxCode):
    db.session.expire_all()
    return db.session.scalar(model.for_company(company.id).where(model.code == value))


@pytest.mark.parametrize("provider", ["xero", "quickbooks"])
def test_a_pull_records_where_each_rate_may_be_used(
    admin, connected, company, provider
):
    """Sales documents offer sales rates only, purchases purchase ones."""
    sync(company, provider, ["pull_codes"])
    bought = code(company, PURCHASE_ONLY[provider])
    assert (bought.sales, bought.purchases, bought.source) == (False, True, provider)
    if SALES_ONLY[provider]:
        sold = code(company, SALES_ONLY[provider])
        assert (sold.sales, sold.purchases) == (True, False)

    invoice = admin.get("/invoices/new").get_data(as_text=True)
    offered = options_of(invoice, "lines-0-tax_code_id")
    assert bought.label not in offered
    assert selected_of(invoice, "lines-0-tax_code_id") == "Standard 20% (20%)"
    credit = admin.get("/credit-notes/new").get_data(as_text=True)
    assert bought.label not in credit

    purchase = admin.get("/purchases/new").get_data(as_text=True)
    assert bought.label in options_of(purchase, "lines-0-tax_code_id")
    if SALES_ONLY[provider]:
        assert code(company, SALES_ONLY[provider]).label not in purchase


def test_the_standard_rate_is_the_default_not_the_highest_first_by_name(admin, company):
    """Among equal rates the one named standard wins, and never a special one."""
    for name, value in (("20% (EC Acquisitions)", "ECA"), ("20% (Capital)", "CAP")):
        db.session.add(TaxCode(company_id=company.id, name=name, code=value, rate=20))
    db.session.commit()
    page = admin.get("/invoices/new").get_data(as_text=True)
    assert selected_of(page, "lines-0-tax_code_id") == "Standard 20% (20%)"
    page = admin.get("/purchases/new").get_data(as_text=True)
    assert selected_of(page, "lines-0-tax_code_id") == "Standard 20% (20%)"


@pytest.mark.parametrize("provider", ["xero", "quickbooks"])
def test_the_preflight_flags_a_purchase_rate_on_a_sales_invoice(
    admin, connected, company, provider, linked_app
):
    """The package would refuse it; the modal says so before anything is sent."""
    sync(company, provider, ["pull_codes"])
    customer = factories.make_customer(company, name="Newbuild Homes Ltd")
    bad = factories.make_invoice(
        company, customer, lines=(("1", "10", PURCHASE_ONLY[provider]),), number="B-1"
    )
    factories.make_invoice(company, customer, number="G-1")
    with linked_app.test_request_context():
        plan = sync_plan.build(connected, options_for(company.id), ["push_invoices"])
    flagged = [b for b in plan.blockers if b.kind == "invoice"]
    assert [(b.local_id, b.code) for b in flagged] == [(bad.id, "tax_code_invalid")]
    assert "for purchases only" in flagged[0].message
    assert flagged[0].fix_url.endswith(f"/invoices/{bad.id}/edit")  # its lines

    run = sync(company, provider, ["push_invoices"])
    failed = {
        i.local_id for i in run.items if i.kind == "invoice" and i.status == "failed"
    }
    assert failed == {bad.id}  # the package refuses it, as foretold


def switch(admin, http, company, old, new):
    """Disconnect `old` on the integrations page and connect `new` as an admin."""
    reply = admin.post(f"/settings/integrations/{old}/disconnect")
    assert reply.status_code == 302
    reply = connecting.connect(admin, http, new)
    assert reply.status_code == 302, reply.get_data(as_text=True)
    return connecting.connection(company, new)


def test_connecting_quickbooks_retires_xero_codes_and_the_defaults_follow(
    admin, http, company, sandbox_url, linked_app
):
    """Xero's codes stop being offered; documents keep theirs; Xero brings them back."""
    current_app.config.update(product_settings(sandbox_url))  # the jobs' app
    assert connecting.connect(admin, http, "xero").status_code == 302
    sync(company, "xero", ["pull_codes"])
    sales, bank = code(company, "200", NominalCode), code(company, "090", NominalCode)
    options = options_for(company.id)
    options.default_sales_nominal_code_id, options.bank_nominal_code_id = (
        sales.id,
        bank.id,
    )
    options.tax_code_map = '{"T5": "5% (VAT on Income)"}'
    db.session.add(options)
    db.session.commit()
    old = factories.make_invoice(
        company, lines=(("1", "10", "ECZROUTPUT", "200"),), number="X-1"
    )
    page = admin.get("/invoices/new").get_data(as_text=True)
    assert "200 Sales" in options_of(page, "lines-0-nominal_code_id")

    switch(admin, http, company, "xero", "quickbooks")
    assert not code(company, "200", NominalCode).active
    assert not code(company, "ECACQUISITIONS").active
    assert code(company, "T1").active and code(company, "4000", NominalCode).active
    options = db.session.scalar(SyncOptions.for_company(company.id))
    assert options.default_sales_nominal_code_id is None
    assert options.bank_nominal_code_id is None and options.tax_code_map == "{}"

    page = admin.get("/invoices/new").get_data(as_text=True)
    nominals = options_of(page, "lines-0-nominal_code_id")
    assert "200 Sales" not in nominals and nominals[1] == "4000 Sales"
    assert "Zero Rated EC Goods Income" not in page
    settings = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "090 " not in "".join(options_of(settings, "bank_nominal_code_id"))
    assert "OUTPUT2" not in settings and "ECACQUISITIONS" not in settings
    shown = admin.get(f"/invoices/{old.id}").get_data(as_text=True)
    assert "200 Sales" in shown  # a document keeps what it used
    edit = admin.get(f"/invoices/{old.id}/edit").get_data(as_text=True)
    assert "200 Sales" in options_of(edit, "lines-0-nominal_code_id")

    sync(company, "quickbooks", ["pull_codes"])
    assert (
        code(company, "20.0% ECG").active
        and not code(company, "200", NominalCode).active
    )
    assert db.session.get(SalesInvoice, old.id).lines[0].nominal_code.code == "200"

    switch(admin, http, company, "quickbooks", "xero")
    assert not code(company, "20.0% ECG").active
    sync(company, "xero", ["pull_codes"])
    assert code(company, "200", NominalCode).active
    assert code(company, "ECACQUISITIONS").active
    assert not code(company, "20.0% ECG").active


def test_nominal_codes_sort_by_number_where_they_are_digits(admin, company):
    """090, 091, 200, 1100: by number, in the list, the selects and the options."""
    for value, kind in (("1100", "revenue"), ("090", "bank"), ("091", "bank"),
                        ("200", "revenue"), ("ABC", "revenue")):  # fmt: skip
        db.session.add(
            NominalCode(company_id=company.id, code=value, name=f"N{value}", type=kind)
        )
    db.session.commit()
    listed = admin.get("/codes/nominal").get_data(as_text=True)
    order = re.findall(r"<td[^>]*>(\d{3,4}|ABC)</td>", listed)
    assert order == ["090", "091", "200", "1100", "1200", "4000", "4010", "5000", "ABC"]
    page = admin.get("/invoices/new").get_data(as_text=True)
    assert [o.split()[0] for o in options_of(page, "lines-0-nominal_code_id")[1:]] == [
        "200",
        "1100",
        "4000",
        "4010",
        "ABC",
    ]
    settings = admin.get("/settings/integrations/").get_data(as_text=True)
    banks = options_of(settings, "bank_nominal_code_id")[1:]
    assert [b.split()[0] for b in banks] == ["090", "091", "1200"]
