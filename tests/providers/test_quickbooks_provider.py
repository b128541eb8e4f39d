"""QuickBooksProvider against the QuickBooks sandbox over real HTTP."""

import json
from datetime import date
from decimal import Decimal

import pytest

from app.providers import (
    AllocationPayload,
    CustomerPayload,
    DocumentPayload,
    LinePayload,
    PaymentPayload,
    ProviderError,
)
from tests.providers.conftest import logged, set_faults
from tests.sandbox import qbo_fields

TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def speaks_intuits_schema(sandbox_url, http):
    """Every request body the client sent uses only field names from Intuit's XSDs."""
    yield
    if not qbo_fields.available():
        return
    bad = []
    for entry in logged(http, sandbox_url, "quickbooks", limit=5000):
        if entry["method"] != "POST" or "/v3/company/" not in entry["path"]:
            continue
        body = json.loads(entry["request_body"] or "{}")
        if entry["path"].endswith("/batch"):
            bad += qbo_fields.unknown_keys(body, "IntuitBatchRequest")
        else:
            entity = entry["path"].rsplit("/", 1)[-1]
            name = ENTITIES.get(entity, entity.capitalize())
            bad += qbo_fields.unknown_keys({name: body}, "IntuitResponse")
    assert not bad, bad


ENTITIES = {"creditmemo": "CreditMemo"}


def vat20(qbo):
    return next(c.remote_id for c in qbo.tax_codes() if c.name == "20.0% S")


def line(tax, price="100.00", code="4000", name="Boiler servicing"):
    return LinePayload("Service visit", Decimal("1"), Decimal(price), code, tax, name)


def document(local_id, number, customer, lines):
    return DocumentPayload(local_id, number, customer, TODAY, tuple(lines))


def a_customer(qbo):
    return next(iter(qbo.customers())).remote_id


def test_reads_company_tax_codes_and_accounts(qbo):
    org = qbo.organisation()
    assert (org.name, org.country, org.currency) == ("Demo Services Ltd", "GB", "GBP")
    assert org.remote_id == qbo.realm_id and org.lock_date is None
    codes = {c.name: c for c in qbo.tax_codes()}
    assert codes["20.0% S"].rate == Decimal("20")
    assert codes["5.0% R"].rate == Decimal("5")
    assert codes["0.0% Z"].rate == Decimal("0")
    accounts = {a.code: a for a in qbo.nominal_codes()}
    assert accounts["4000"].type == "revenue"
    assert accounts["1200"].type == "bank"
    assert accounts["2100"].type == "liability"
    assert accounts["3000"].type == "equity"
    assert accounts["7100"].type == "expense"
    assert accounts["0030"].type == "asset"
    assert qbo.skipped_accounts == []


def test_accounts_without_a_number_are_skipped_and_reported(qbo):
    qbo.call("POST", "account", body={"Name": "Sundries", "AccountType": "Expense"})
    assert "Sundries" not in {a.name for a in qbo.nominal_codes()}
    assert qbo.skipped_accounts == ["Sundries"]


def test_item_for_nominal_reuses_an_existing_service_item(qbo):
    before = len(list(qbo.query("Item")))
    services = qbo.item_for_nominal("4000", "Services")
    assert services == next(qbo.query("Item", " where Name = 'Services'"))["Id"]
    assert qbo.item_for_nominal("4000", "Another name") == services  # cached
    assert len(list(qbo.query("Item"))) == before


def test_customers_page_with_startposition(qbo, http, sandbox_url):
    qbo.settings = qbo.settings.with_changes(page_size=4)
    active = list(qbo.customers())
    assert len(active) == 12 and all(c.active for c in active)
    queries = [
        e["query"]
        for e in logged(http, sandbox_url, "quickbooks")
        if e["path"].endswith("/query")
    ]
    assert len(queries) == 4  # 4 + 4 + 4 + an empty page
    assert all("minorversion=75" in q for q in queries)
    everyone = list(qbo.customers(include_archived=True))
    assert len(everyone) == 13 and sum(not c.active for c in everyone) == 1


def test_push_customers_in_a_batch(qbo):
    taken = a_customer(qbo)
    taken_name = next(c.name for c in qbo.customers() if c.remote_id == taken)
    results = qbo.push_customers(
        [
            CustomerPayload(1, "Orchard Vets", email="accounts@orchard.example"),
            CustomerPayload(2, taken_name),
            CustomerPayload(3, "Weston Builders Ltd (North)", remote_id=taken),
        ]
    )
    assert [r.local_id for r in results] == [1, 2, 3]
    assert results[0].ok and results[2].ok and results[2].remote_id == taken
    assert results[1].error.code == "duplicate"
    found = {c.remote_id: c for c in qbo.customers()}
    assert found[results[0].remote_id].email == "accounts@orchard.example"
    assert found[taken].name == "Weston Builders Ltd (North)"


def test_invoices_make_one_service_item_per_nominal(qbo):
    tax = vat20(qbo)
    customer = a_customer(qbo)
    results = qbo.push_invoices(
        [
            document(1, "LB-1001", customer, [line(tax, name="LedgerBridge sales")]),
            document(2, "LB-1002", "99999", [line(tax, name="LedgerBridge sales")]),
            document(3, "LB-1003", customer, [line(tax, code="8888", name="Nowhere")]),
            document(4, "LB-1004", customer, [line(tax, name="LedgerBridge sales")]),
        ]
    )
    assert [r.ok for r in results] == [True, False, False, True]
    assert results[1].error.code == "not_found"
    assert results[2].error.code == "not_found" and "8888" in results[2].error.message
    items = list(qbo.query("Item", " where Name = 'LedgerBridge sales'"))
    assert len(items) == 1 and items[0]["Type"] == "Service"
    assert qbo.items["4000"] == items[0]["Id"]
    made = qbo.call("GET", f"invoice/{results[0].remote_id}")["Invoice"]
    assert (made["DocNumber"], made["TotalAmt"]) == ("LB-1001", 120.0)
    again = qbo.push_invoices([document(5, "LB-1001", customer, [line(tax)])])
    assert again[0].error.code == "duplicate"


def test_closed_books_are_a_locked_period(qbo, http, sandbox_url):
    http.put(
        f"{sandbox_url}/quickbooks/_admin/companies/{qbo.realm_id}/book-close-date",
        json={"BookCloseDate": "2026-11-30"},
    )
    assert qbo.organisation().lock_date == date(2026, 11, 30)
    tax = vat20(qbo)
    [result] = qbo.push_invoices([document(1, "LB-9", a_customer(qbo), [line(tax)])])
    assert result.error.code == "locked_period"


def test_credit_memo_applied_and_payment_linked(qbo):
    tax = vat20(qbo)
    customer = a_customer(qbo)
    [inv] = qbo.push_invoices([document(1, "LB-3001", customer, [line(tax, "200")])])
    [memo] = qbo.push_credit_notes([document(2, "LB-CN1", customer, [line(tax, "50")])])
    [applied] = qbo.allocate_credit_notes(
        [
            AllocationPayload(
                3, memo.remote_id, inv.remote_id, customer, Decimal("60"), TODAY
            )
        ]
    )
    [paid] = qbo.push_payments(
        [PaymentPayload(4, inv.remote_id, customer, Decimal("100"), TODAY, "1200")]
    )
    assert applied.ok and paid.ok
    balance = qbo.call("GET", f"invoice/{inv.remote_id}")["Invoice"]["Balance"]
    assert Decimal(str(balance)) == Decimal("80.00")
    remaining = qbo.call("GET", f"creditmemo/{memo.remote_id}")["CreditMemo"]
    assert Decimal(str(remaining["RemainingCredit"])) == Decimal("0.00")
    payment = qbo.call("GET", f"payment/{paid.remote_id}")["Payment"]
    assert payment["Line"][0]["LinkedTxn"][0]["TxnId"] == inv.remote_id


def test_expired_token_is_refreshed_once(qbo, http, sandbox_url):
    http.post(f"{sandbox_url}/quickbooks/_admin/expire-tokens")
    assert qbo.organisation().name == "Demo Services Ltd"
    assert qbo.http.tokens.refreshes == 1


def test_throttle_backs_off_and_succeeds(qbo, http, sandbox_url):
    set_faults(http, sandbox_url, "quickbooks", qbo.realm_id, throttle_burst=2)
    assert qbo.organisation().currency == "GBP"
    statuses = [e["status"] for e in logged(http, sandbox_url, "quickbooks")]
    assert statuses[-4:] == [429, 429, 200, 200]


def test_unavailable_carries_the_intuit_tid(qbo, http, sandbox_url):
    set_faults(http, sandbox_url, "quickbooks", qbo.realm_id, error_rate=1.0)
    with pytest.raises(ProviderError) as caught:
        list(qbo.customers())
    error = caught.value
    assert error.code == "unavailable" and error.status in (500, 503)
    tries = [
        e for e in logged(http, sandbox_url, "quickbooks") if "/query" in e["path"]
    ]
    assert len(tries) == qbo.settings.max_attempts
    assert error.request_id == tries[-1]["request_id"]


def test_batch_retried_after_errors_is_not_duplicated(qbo, http, sandbox_url):
    set_faults(http, sandbox_url, "quickbooks", qbo.realm_id, error_rate=0.6)
    qbo.http.settings = qbo.settings.with_changes(max_attempts=20)
    [result] = qbo.push_customers([CustomerPayload(1, "Retry Test Ltd")])
    set_faults(http, sandbox_url, "quickbooks", qbo.realm_id, error_rate=0)
    assert result.ok
    batches = [
        e for e in logged(http, sandbox_url, "quickbooks") if "/batch" in e["path"]
    ]
    assert len({e["request_id"] for e in batches}) == 1  # one requestid throughout
    named = list(qbo.query("Customer", " where DisplayName = 'Retry Test Ltd'"))
    assert [c["Id"] for c in named] == [result.remote_id]
