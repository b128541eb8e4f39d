"""Xero sandbox limits, idempotency and injected faults."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.sandbox.test_xero_invoices import invoice
from tests.sandbox.xero_support import advance, connect

pytestmark = pytest.mark.usefixtures("xero_traffic_fits_the_spec")


def test_every_reply_carries_remaining_counts(api):
    first = api.get("Accounts")
    second = api.get("Accounts")
    assert (
        int(second.headers["X-DayLimit-Remaining"])
        == int(first.headers["X-DayLimit-Remaining"]) - 1
    )
    assert int(first.headers["X-DayLimit-Remaining"]) < 5000
    assert int(first.headers["X-MinLimit-Remaining"]) < 60
    assert int(first.headers["X-AppMinLimit-Remaining"]) < 10000
    missing = api.get("Widgets")
    assert "X-MinLimit-Remaining" in missing.headers


def test_minute_limit_gives_429_with_retry_after(api, sandbox_app):
    sandbox_app.config.update(XERO_MINUTE_LIMIT=3, TIME_SCALE=1.0)
    replies = [api.get("Organisation") for _ in range(8)]
    throttled = [r for r in replies if r.status_code == 429]
    assert throttled  # a 60 s window can roll over at most once in 8 quick calls
    reply = throttled[0]
    assert reply.headers["X-Rate-Limit-Problem"] == "minute"
    assert 1 <= int(reply.headers["Retry-After"]) <= 60
    assert reply.headers["X-MinLimit-Remaining"] == "0"


def test_day_limit(api, sandbox_app):
    sandbox_app.config.update(XERO_DAY_LIMIT=2)
    statuses = [api.get("Organisation").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    reply = api.get("Organisation")
    assert reply.headers["X-Rate-Limit-Problem"] == "day"
    assert reply.headers["X-DayLimit-Remaining"] == "0"
    assert int(reply.headers["Retry-After"]) >= 1


def test_time_scale_shortens_the_retry_after(api, sandbox_app):
    sandbox_app.config.update(XERO_MINUTE_LIMIT=1)  # TIME_SCALE 60: a minute is 1 s
    replies = [api.get("Organisation") for _ in range(3)]
    retry = [r.headers["Retry-After"] for r in replies if r.status_code == 429]
    assert retry and set(retry) == {"1"}


def test_concurrent_limit(api, sandbox_url, http, sandbox_app):
    sandbox_app.config.update(XERO_CONCURRENT_LIMIT=1)
    http.put(
        f"{sandbox_url}/_admin/faults/xero/{api.tenant_id}", json={"latency_ms": 400}
    )

    def call(_):
        with requests.Session() as session:
            api_copy = type(api)(api.base, session, api.tokens, api.tenant_id)
            return api_copy.get("Organisation")

    with ThreadPoolExecutor(max_workers=4) as pool:
        replies = list(pool.map(call, range(4)))
    problems = {
        r.headers.get("X-Rate-Limit-Problem") for r in replies if r.status_code == 429
    }
    assert problems == {"concurrent"}
    http.delete(f"{sandbox_url}/_admin/faults/xero/{api.tenant_id}")
    assert api.get("Organisation").status_code == 200  # places were freed


def test_idempotency_key_replays_the_first_reply(api):
    body = {"Invoices": [invoice(api, InvoiceNumber="IDEM-1")]}
    headers = {"Idempotency-Key": "inv-idem-1-v1"}
    first = api.put("Invoices", body, headers=headers)
    again = api.put("Invoices", body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    found = api.get("Invoices", params={"InvoiceNumbers": "IDEM-1"}).json()["Invoices"]
    assert len(found) == 1
    assert "X-MinLimit-Remaining" in again.headers  # retries still count


def test_idempotency_key_with_another_body_is_400(api):
    headers = {"Idempotency-Key": "inv-idem-2"}
    api.put(
        "Invoices",
        {"Invoices": [invoice(api, InvoiceNumber="IDEM-2")]},
        headers=headers,
    )
    other = api.put(
        "Invoices",
        {"Invoices": [invoice(api, InvoiceNumber="IDEM-3")]},
        headers=headers,
    )
    assert other.status_code == 400
    assert "different request" in other.json()["Message"]


def test_idempotent_errors_are_replayed_and_keys_expire(api, sandbox_url, http):
    headers = {"Idempotency-Key": "inv-idem-3"}
    body = {"Invoices": [invoice(api, InvoiceNumber="INV-0001")]}
    first = api.put("Invoices", body, headers=headers)
    assert first.status_code == 400
    assert api.put("Invoices", body, headers=headers).json() == first.json()
    advance(sandbox_url, http, 361)
    api.tokens = connect(sandbox_url, http).tokens  # the old access token expired too
    fresh = api.put("Invoices", {"Invoices": [invoice(api)]}, headers=headers)
    assert fresh.status_code == 200


def test_idempotency_key_length(api):
    reply = api.put(
        "Invoices", {"Invoices": [invoice(api)]}, headers={"Idempotency-Key": "k" * 129}
    )
    assert reply.status_code == 400


def test_forced_throttle_burst(api, sandbox_url, http):
    http.put(
        f"{sandbox_url}/_admin/faults/xero/{api.tenant_id}", json={"throttle_burst": 2}
    )
    replies = [api.get("Organisation") for _ in range(3)]
    assert [r.status_code for r in replies] == [429, 429, 200]
    assert replies[0].headers["X-Rate-Limit-Problem"] == "minute"
    assert replies[0].headers["Retry-After"] == "1"


def test_injected_server_errors(api, sandbox_url, http):
    http.put(
        f"{sandbox_url}/_admin/faults/xero/{api.tenant_id}", json={"error_rate": 1.0}
    )
    reply = api.get("Organisation")
    assert reply.status_code in (500, 503)
    assert reply.json()["Status"] == reply.status_code


def test_injected_timeout(api, sandbox_url, http, sandbox_app):
    sandbox_app.config.update(FAULT_HANG_SECONDS=0.2)
    http.put(
        f"{sandbox_url}/_admin/faults/xero/{api.tenant_id}", json={"timeout_rate": 1.0}
    )
    with pytest.raises(requests.Timeout):
        api.get("Organisation", timeout=0.05)
    http.put(
        f"{sandbox_url}/_admin/faults/xero/{api.tenant_id}", json={"timeout_rate": 0}
    )
    assert api.get("Organisation").status_code == 200


def test_injected_connection_reset(api, sandbox_url, http):
    http.put(
        f"{sandbox_url}/_admin/faults/xero/{api.tenant_id}", json={"reset_rate": 1.0}
    )
    with requests.Session() as session, pytest.raises(requests.ConnectionError):
        session.get(f"{api.base}/xero/api.xro/2.0/Organisation", headers=api.headers())
