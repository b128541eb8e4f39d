"""Junk sent to every sandbox endpoint gets the provider's own error shape, never a 500.

Every route of the sandbox app is tried, with its URL parts filled with junk
and with real ids, with junk query strings, and (for writes) with junk bodies:
bytes that are not JSON, the wrong types in each place, numbers out of range,
nesting deep enough to break a recursive parser.
"""

import json
import re

import pytest

from sandbox import create_sandbox_app
from sandbox.quickbooks.seed import DEMO_REALM
from tests.clients.conftest import client_http, client_sandbox_url  # noqa: F401
from tests.providers.conftest import qbo_tokens, xero_tokens

DEEP = "[" * 50_000 + "]" * 50_000
BODIES = [
    b"{not json",
    b"\xff\xfe\x00junk",
    b"[]",
    b"null",
    b'"a string"',
    b"1e400",
    DEEP.encode(),
    json.dumps({"Invoices": "x", "Contacts": 7, "Payments": [None]}).encode(),
    json.dumps(
        {
            "Invoices": [
                {
                    "Type": "NOPE",
                    "Contact": "x",
                    "Date": "not-a-date",
                    "DueDate": 5,
                    "LineItems": [{"UnitAmount": "abc", "Quantity": {"a": 1}}],
                    "Status": ["AUTHORISED"],
                }
            ]
        }
    ).encode(),
    json.dumps({"Contacts": [{"Name": ["x"], "EmailAddress": 5}]}).encode(),
    json.dumps(
        {
            "Payments": [{"Invoice": "x", "Account": {"Code": None}, "Amount": "lots"}],
            "Allocations": [{"Amount": -1e308, "Invoice": {"InvoiceID": 3}}],
        }
    ).encode(),
    json.dumps(
        {
            "Line": "x",
            "CustomerRef": {"value": ["x"]},
            "TotalAmt": "abc",
            "TxnDate": "31/31/2020",
            "SyncToken": {"a": 1},
            "Id": [1],
            "sparse": "yes",
        }
    ).encode(),
    json.dumps(
        {
            "Line": [{"Amount": 1e300, "DetailType": "Nope", "SalesItemLineDetail": 3}],
            "BatchItemRequest": [{"bId": None, "operation": "explode"}, 5],
            "DisplayName": "x" * 100_000,
        }
    ).encode(),
]
QUERIES = [
    {"page": "abc", "pageSize": "-1", "unitdp": "99", "order": "Nope DESC;"},
    {"where": 'Name=="x" OR 1==1)', "IDs": "not-a-guid,", "Statuses": "FOO"},
    {"ContactIDs": "%00", "InvoiceNumbers": "", "summarizeErrors": "maybe"},
    {"query": "select from", "minorversion": "abc", "entities": "Nope"},
    {"changedSince": "yesterday", "query": "SELECT * FROM Invoice WHERE"},
]
HEADERS = [
    {"If-Modified-Since": "garbage"},
    {"Content-Type": "application/json", "If-Modified-Since": "Mon, 99 Foo 1900"},
    {"Content-Type": "text/xml"},
]
JUNK_IDS = [
    "not-a-guid",
    "00000000-0000-0000-0000-000000000000",
    "99999999999999999999",
]


def routes():
    app = create_sandbox_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, rule.rule))
    return found


def fill(rule, junk, realm, tenant):
    """The rule's URL with each part junk, keeping the realm and tenant real."""

    def part(match):
        name = match.group(2)
        if name == "realm_id":
            return realm
        if name in ("tenant", "tenant_id"):
            return tenant
        if name == "provider":
            return "xero"
        if name == "resource":
            return "invoice"
        return junk

    return re.sub(r"<(?:(\w+):)?(\w+)>", part, rule)


@pytest.fixture(scope="module")
def signed_in(client_sandbox_url, client_http):  # noqa: F811
    xero, tenant = xero_tokens(client_sandbox_url, client_http)
    qbo, realm = qbo_tokens(client_sandbox_url, client_http, realm=DEMO_REALM)
    return {"xero": (xero.access, tenant), "quickbooks": (qbo.access, realm)}


def well_shaped(path, response):
    """The error body each provider sends: Xero's JSON, QuickBooks' Fault."""
    if response.status_code < 400:
        return True
    text = response.text
    if "/api.xro/" in path:
        body = json.loads(text)
        return isinstance(body, dict) and ("Message" in body or "Detail" in body)
    if "/quickbooks/v3/" in path:
        return "Fault" in json.loads(text)
    return True


@pytest.mark.parametrize(("method", "rule"), routes())
def test_junk_never_gets_a_500(
    method,
    rule,
    client_sandbox_url,  # noqa: F811
    client_http,  # noqa: F811
    signed_in,
):
    xero_token, tenant = signed_in["xero"]
    qbo_token, realm = signed_in["quickbooks"]
    token = qbo_token if rule.startswith("/quickbooks") else xero_token
    base = {
        "Authorization": f"Bearer {token}",
        "Xero-Tenant-Id": tenant,
        "Accept": "application/json",
    }
    failures = []
    for junk in JUNK_IDS:
        path = fill(rule, junk, realm, tenant)
        tries = [(q, h, None) for q in QUERIES for h in HEADERS[:1]]
        if method in ("POST", "PUT", "PATCH"):
            tries += [({}, HEADERS[1], body) for body in BODIES]
            tries += [({}, HEADERS[2], BODIES[0])]
        for query, headers, body in tries:
            response = client_http.request(
                method,
                client_sandbox_url + path,
                params=query,
                headers={**base, **headers},
                data=body,
                allow_redirects=False,
                timeout=30,
            )
            try:
                shaped = well_shaped(path, response)
            except ValueError:
                shaped = False
            if response.status_code >= 500 or not shaped:
                failures.append(
                    f"{method} {path} {query} {str(body)[:60]}: "
                    f"{response.status_code} {response.text[:200]}"
                )
    assert not failures, "\n".join(failures[:10])
