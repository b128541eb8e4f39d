"""ProviderHttp and provider settings: keys, retries, timeouts, request ids."""

import json
import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests

from app.providers import ProviderError, provider_settings
from app.providers.http import retry_after_seconds
from sandbox import product_settings
from tests.providers.conftest import logged, set_faults


def contacts_url(xero):
    return f"{xero.settings.api_base}/Contacts"


def put_contact(xero, name, key):
    return xero.http.request(
        "PUT",
        contacts_url(xero),
        params={"summarizeErrors": "false"},
        data=json.dumps({"Contacts": [{"Name": name}]}),
        headers={"Content-Type": "application/json"},
        key=key,
    )


def test_xero_replays_a_repeated_idempotency_key(xero):
    first = put_contact(xero, "Keyed Ltd", "lb-test-key-1").json()
    second = put_contact(xero, "Keyed Ltd", "lb-test-key-1").json()
    ids = {first["Contacts"][0]["ContactID"], second["Contacts"][0]["ContactID"]}
    assert len(ids) == 1
    assert [c.name for c in xero.customers()].count("Keyed Ltd") == 1


def test_quickbooks_replays_a_repeated_requestid(qbo):
    url = f"{qbo.settings.api_base}/{qbo.realm_id}/customer"
    body = json.dumps({"DisplayName": "Keyed Ltd"})
    made = [
        qbo.http.request(
            "POST",
            url,
            params={"minorversion": "75"},
            data=body,
            headers={"Content-Type": "application/json"},
            key="lb-test-key-2",
        ).json()["Customer"]["Id"]
        for _ in range(2)
    ]
    assert made[0] == made[1]


def test_a_write_without_a_key_is_not_retried(xero, http, sandbox_url):
    set_faults(http, sandbox_url, "xero", xero.tenant_id, error_rate=1.0)
    with pytest.raises(ProviderError) as caught:
        put_contact(xero, "Unkeyed Ltd", key=False)
    assert caught.value.code == "unavailable"
    puts = [e for e in logged(http, sandbox_url, "xero") if e["method"] == "PUT"]
    assert len(puts) == 1


def test_a_hung_call_times_out(qbo, http, sandbox_url):
    set_faults(http, sandbox_url, "quickbooks", qbo.realm_id, timeout_rate=1.0)
    qbo.http.settings = qbo.settings.with_changes(read_timeout=0.3, max_attempts=2)
    with pytest.raises(ProviderError) as caught:
        qbo.organisation()
    assert caught.value.code == "timeout"


def test_a_reset_connection_is_unavailable(xero_direct, http, sandbox_url):
    set_faults(http, sandbox_url, "xero", xero_direct.tenant_id, reset_rate=1.0)
    xero_direct.http.settings = xero_direct.settings.with_changes(max_attempts=2)
    with pytest.raises(ProviderError) as caught:
        xero_direct.tax_codes()
    assert caught.value.code == "unavailable"


def test_request_ids_and_limits_are_logged(qbo, xero, caplog):
    caplog.set_level(logging.INFO, "ledgerbridge.providers")
    qbo.tax_codes()
    xero.tax_codes()
    lines = [r.getMessage() for r in caplog.records]
    assert any("/query -> 200 request_id=" in m and "None" not in m for m in lines)
    assert any("TaxRates -> 200" in m and "X-DayLimit-Remaining=" in m for m in lines)


def test_not_found_maps_to_our_code(xero):
    with pytest.raises(ProviderError) as caught:
        xero.call("GET", "Invoices/00000000-0000-0000-0000-000000000001")
    assert (caught.value.code, caught.value.status) == ("not_found", 404)
    assert "cannot be found" in caught.value.message


def reply_with(retry_after):
    response = requests.Response()
    response.status_code = 429
    if retry_after is not None:
        response.headers["Retry-After"] = retry_after
    return response


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after_seconds(reply_with("7")) == 7.0
    assert retry_after_seconds(reply_with(None)) is None
    assert retry_after_seconds(reply_with("soon")) is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= retry_after_seconds(reply_with(later)) <= 30


def test_settings_default_to_the_real_hosts():
    xero = provider_settings("xero", {})
    assert xero.api_base == "https://api.xero.com/api.xro/2.0"
    assert xero.connections_url == "https://api.xero.com/connections"
    assert xero.timeout == (5.0, 30.0) and xero.max_retry_wait == 60.0
    qbo = provider_settings("quickbooks", {})
    assert qbo.token_url == "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
    assert qbo.api_base == "https://quickbooks.api.intuit.com/v3/company"


def test_settings_follow_the_config_and_the_environment(monkeypatch):
    config = product_settings("http://h:1/sandbox/")
    xero = provider_settings("xero", config)
    assert xero.token_url == "http://h:1/sandbox/xero/connect/token"
    assert xero.web_url == ""  # a sandbox record has no page in Xero
    qbo = provider_settings("quickbooks", config)
    assert qbo.api_base == "http://h:1/sandbox/quickbooks/v3/company"
    assert qbo.discovery_url == (
        "http://h:1/sandbox/quickbooks/.well-known/openid_configuration"
    )
    assert qbo.connections_url is None  # QuickBooks has no such endpoint
    assert provider_settings("xero", {}).web_url == "https://go.xero.com"
    monkeypatch.setenv("QUICKBOOKS_API_BASE", "https://elsewhere.example/v3/company")
    assert (
        provider_settings("quickbooks", {}).api_base
        == "https://elsewhere.example/v3/company"
    )
