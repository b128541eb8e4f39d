"""XeroProvider against the Xero sandbox over real HTTP."""

import logging
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
from tests.sandbox.xero_schema import check_entry, specs_available

TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def speaks_xeros_schema(sandbox_url, http):
    """Every request body the client sent fits Xero's OpenAPI document."""
    yield
    if not specs_available():
        return
    bad = [
        f"{entry['method']} {entry['path']}: {problem}"
        for entry in logged(http, sandbox_url, "xero", limit=5000)
        for problem in check_entry(entry)
        if problem.startswith("request ")  # replies are the sandbox's own tests' job
    ]
    assert not bad, bad


def line(price="100.00", code="200", tax="OUTPUT2", qty="1"):
    return LinePayload("Boiler service", Decimal(qty), Decimal(price), code, tax)


def invoice(local_id, number, contact_id, lines=None, **fields):
    return DocumentPayload(
        local_id, number, contact_id, TODAY, tuple(lines or [line()]), **fields
    )


def contact_id(xero, name="Acme Property Management"):
    return next(c.remote_id for c in xero.customers() if c.name == name)


def test_reads_organisation_tax_codes_and_nominal_codes(xero):
    org = xero.organisation()
    assert (org.name, org.country, org.currency) == ("Demo Services Ltd", "GB", "GBP")
    assert org.lock_date is None
    codes = {c.code: c for c in xero.tax_codes()}
    assert codes["OUTPUT2"].rate == Decimal("20")
    assert codes["OUTPUT2"].name == "20% (VAT on Income)"
    assert codes["OUTPUT2"].active and not codes["OUTPUT"].active
    accounts = {a.code: a for a in xero.nominal_codes()}
    assert accounts["200"].type == "revenue" and accounts["200"].name == "Sales"
    assert accounts["090"].type == "bank"
    assert accounts["429"].type == "expense"
    assert accounts["800"].type == "liability"
    assert accounts["960"].type == "equity"
    assert accounts["610"].type == "asset"
    assert not accounts["265"].active


def test_customers_page_through_and_skip_archived(xero, http, sandbox_url):
    xero.settings = xero.settings.with_changes(page_size=5)
    names = [c.name for c in xero.customers()]
    assert "Acme Property Management" in names and "Bluebell Day Nursery" in names
    assert "Lakeside Hotel" not in names
    assert len(names) == len(set(names)) == 11
    pages = [
        e["query"]
        for e in logged(http, sandbox_url, "xero")
        if e["path"].endswith("/Contacts")
    ]
    assert len(pages) == 3  # 5 + 5 + 2 contacts
    assert all("pageSize=5" in q for q in pages)
    everyone = {c.name: c for c in xero.customers(include_archived=True)}
    assert not everyone["Lakeside Hotel"].active
    assert everyone["Dale Bakery"].email == "accounts@dalebakery.co.uk"


def test_push_customers_creates_and_updates_in_order(xero):
    results = xero.push_customers(
        [
            CustomerPayload(1, "Orchard Vets", email="accounts@orchard.example"),
            CustomerPayload(2, "Dale Bakery"),  # the name is taken
            CustomerPayload(3, "Pine Garage", phone="0113 496 0000"),
        ]
    )
    assert [r.local_id for r in results] == [1, 2, 3]
    assert results[0].ok and results[2].ok
    assert not results[1].ok and results[1].error.code == "duplicate"
    assert "already assigned" in results[1].error.message
    [updated] = xero.push_customers(
        [CustomerPayload(4, "Orchard Vets Ltd", remote_id=results[0].remote_id)]
    )
    assert updated.ok and updated.remote_id == results[0].remote_id
    found = {c.remote_id: c for c in xero.customers()}
    assert found[results[0].remote_id].name == "Orchard Vets Ltd"
    assert found[results[2].remote_id].phone == "0113 496 0000"


def test_push_invoices_reports_the_bad_element_only(xero):
    acme = contact_id(xero)
    results = xero.push_invoices(
        [
            invoice(1, "LB-1001", acme),
            invoice(2, "LB-1002", acme, [line(code="999")]),
            invoice(3, "INV-0001", acme),  # Xero's own number already
            invoice(4, "LB-1004", acme, approved=False, reference="PO 7"),
        ]
    )
    assert [r.ok for r in results] == [True, False, False, True]
    assert results[1].error.code == "validation"
    assert "999" in results[1].error.message
    assert results[2].error.code == "duplicate"
    reply = xero.call("GET", f"Invoices/{results[3].remote_id}")["Invoices"][0]
    assert (reply["Status"], reply["Reference"]) == ("DRAFT", "PO 7")
    first = xero.call("GET", f"Invoices/{results[0].remote_id}")["Invoices"][0]
    assert (first["InvoiceNumber"], first["Total"]) == ("LB-1001", 120.0)


def test_locked_period_is_its_own_code(xero, http, sandbox_url):
    http.put(
        f"{sandbox_url}/xero/_admin/organisations/{xero.tenant_id}/lock-dates",
        json={"PeriodLockDate": "2026-11-30"},
    )
    assert xero.organisation().lock_date == date(2026, 11, 30)
    [result] = xero.push_invoices([invoice(1, "LB-2001", contact_id(xero))])
    assert result.error.code == "locked_period"


def test_credit_note_allocation_and_payment(xero):
    acme = contact_id(xero)
    [inv] = xero.push_invoices([invoice(1, "LB-3001", acme, [line("200.00")])])
    [credit] = xero.push_credit_notes([invoice(2, "LB-CN-1", acme, [line("50.00")])])
    assert inv.ok and credit.ok
    allocations = xero.allocate_credit_notes(
        [
            AllocationPayload(
                5, credit.remote_id, inv.remote_id, acme, Decimal("60"), TODAY
            ),
            AllocationPayload(
                6, credit.remote_id, inv.remote_id, acme, Decimal("500"), TODAY
            ),
        ]
    )
    assert allocations[0].ok
    assert not allocations[1].ok and allocations[1].error.code == "validation"
    payments = xero.push_payments(
        [
            PaymentPayload(7, inv.remote_id, acme, Decimal("100.00"), TODAY, "090"),
            PaymentPayload(8, inv.remote_id, acme, Decimal("9999"), TODAY, "090"),
        ]
    )
    assert payments[0].ok and not payments[1].ok
    assert "exceeds" in payments[1].error.message
    due = xero.call("GET", f"Invoices/{inv.remote_id}")["Invoices"][0]["AmountDue"]
    assert Decimal(str(due)) == Decimal("240.00") - Decimal("60") - Decimal("100")


def test_expired_token_is_refreshed_once(xero, http, sandbox_url):
    http.post(f"{sandbox_url}/xero/_admin/expire-tokens")
    assert xero.organisation().name == "Demo Services Ltd"
    assert xero.http.tokens.refreshes == 1


def test_revoked_connection_raises_auth_revoked(xero, http, sandbox_url):
    http.post(f"{sandbox_url}/xero/_admin/expire-tokens", json={"refresh": True})
    with pytest.raises(ProviderError) as caught:
        xero.tax_codes()
    assert caught.value.code == "auth_revoked"


def test_throttle_waits_retry_after_then_succeeds(xero, http, sandbox_url, caplog):
    set_faults(http, sandbox_url, "xero", xero.tenant_id, throttle_burst=1)
    caplog.set_level(logging.INFO, "ledgerbridge.providers")
    assert len(xero.tax_codes()) > 5
    statuses = [
        e["status"]
        for e in logged(http, sandbox_url, "xero")
        if "TaxRates" in e["path"]
    ]
    assert statuses == [429, 200]
    assert "waiting 1.0s" in caplog.text
    assert "X-MinLimit-Remaining=" in caplog.text


def test_long_retry_after_is_not_waited_out(xero, http, sandbox_url):
    set_faults(http, sandbox_url, "xero", xero.tenant_id, throttle_burst=1)
    xero.http.settings = xero.settings.with_changes(max_retry_wait=0.5)
    with pytest.raises(ProviderError) as caught:
        xero.tax_codes()
    assert caught.value.code == "rate_limited"
    assert caught.value.retry_after == 1.0
    assert caught.value.status == 429


def test_unavailable_after_retries_with_request_id(xero, http, sandbox_url):
    set_faults(http, sandbox_url, "xero", xero.tenant_id, error_rate=1.0)
    with pytest.raises(ProviderError) as caught:
        xero.nominal_codes()
    error = caught.value
    assert error.code == "unavailable" and error.status in (500, 503)
    tries = [e for e in logged(http, sandbox_url, "xero") if "Accounts" in e["path"]]
    assert len(tries) == xero.settings.max_attempts
    # Xero-Correlation-Id is the id Xero support asks for.
    assert error.request_id == tries[-1]["request_id"]


def test_retried_write_reuses_its_idempotency_key(xero, http, sandbox_url):
    set_faults(http, sandbox_url, "xero", xero.tenant_id, error_rate=0.6)
    xero.http.settings = xero.settings.with_changes(max_attempts=20)
    [result] = xero.push_customers([CustomerPayload(1, "Retry Test Ltd")])
    set_faults(http, sandbox_url, "xero", xero.tenant_id, error_rate=0)
    assert result.ok
    named = [c for c in xero.customers() if c.name == "Retry Test Ltd"]
    assert [c.remote_id for c in named] == [result.remote_id]


def test_the_day_count_xero_sends_stops_calls_before_they_429(
    xero, http, sandbox_url, sandbox_app
):
    sandbox_app.config.update(XERO_TIER="starter", XERO_DAY_LIMIT=14)
    made = 0
    with pytest.raises(ProviderError) as caught:
        while made < 20:
            xero.organisation()
            made += 1
    assert made == 4  # 13, 12, 11, then 10 left: the reserve of 10 is kept back
    error = caught.value
    assert (error.code, error.status) == ("rate_limited", 429)
    assert "10 calls are left today" in error.message
    assert error.retry_after == 60 * xero.settings.window_seconds
    assert api_statuses(http, sandbox_url) == [200] * 4  # the fifth was never sent


def test_the_starter_tier_day_limit_is_followed_not_an_assumed_5000(xero, sandbox_app):
    sandbox_app.config["XERO_TIER"] = "starter"
    xero.organisation()  # Xero says 999 left of Starter's 1,000
    xero.http.day.reserve = 998  # as if the organisation had used the rest today
    xero.organisation()
    with pytest.raises(ProviderError) as caught:
        xero.organisation()
    assert "998 calls are left today" in caught.value.message


def test_a_day_limit_429_is_not_retried_inside_the_call(
    xero, http, sandbox_url, sandbox_app
):
    sandbox_app.config["XERO_DAY_LIMIT"] = 0
    xero.http.settings = xero.settings.with_changes(max_retry_wait=0.5)
    with pytest.raises(ProviderError) as caught:
        xero.organisation()
    assert caught.value.code == "rate_limited" and caught.value.retry_after >= 1
    assert api_statuses(http, sandbox_url) == [429]


def api_statuses(http, sandbox_url):
    """Statuses of the Accounting API calls the sandbox saw, OAuth left out."""
    return [
        e["status"]
        for e in logged(http, sandbox_url, "xero")
        if "/api.xro/2.0/" in e["path"]
    ]
