"""Garbage in any form field never gives a 500, on any route that takes a POST."""

import pytest

from tests import factories

NASTY = [
    "",
    "   ",
    "abc",
    "-1",
    "0",
    "1e999",
    "NaN",
    "Infinity",
    "99999999999999999999999",
    "1.23456789",
    "31/02/2026",
    "9999-99-99",
    "<script>alert(1)</script>",
    "'; DROP TABLE invoices; --",
    "\x00",
    "é£€" * 300,
]

FIELDS = [
    "name",
    "email",
    "phone",
    "postcode",
    "country",
    "account_number",
    "number",
    "customer_id",
    "supplier_id",
    "invoice_id",
    "issue_date",
    "due_date",
    "payment_date",
    "reference",
    "amount",
    "method",
    "code",
    "rate",
    "type",
    "role",
    "password",
    "confirm",
    "active",
    "action",
    "which",
    "next",
    "lines-0-description",
    "lines-0-quantity",
    "lines-0-unit_price",
    "lines-0-nominal_code_id",
    "lines-0-tax_code_id",
    "lines-7-quantity",
]


@pytest.mark.parametrize("value", NASTY, ids=range(len(NASTY)))
def test_post_routes_survive_garbage(app, client, auth, company, value):
    ids = factories.one_of_each(company)
    auth.login()
    failures = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "auth.logout":
            continue
        params = {name: ids[name] for name in rule.arguments}
        url = rule.build(params, append_unknown=False)[1]
        response = client.post(url, data={field: value for field in FIELDS})
        if response.status_code >= 500:
            failures.append(f"POST {url} -> {response.status_code}")
    assert failures == []


@pytest.mark.parametrize("value", ["abc", "-5", "1e999", "\x00", "%", "é" * 500])
def test_get_routes_survive_garbage_query_strings(app, client, auth, company, value):
    ids = factories.one_of_each(company)
    auth.login()
    failures = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        params = {name: ids[name] for name in rule.arguments}
        url = rule.build(params, append_unknown=False)[1]
        query = {
            k: value
            for k in (
                "page",
                "q",
                "status",
                "show",
                "type",
                "method",
                "customer_id",
                "invoice_id",
                "supplier_id",
            )
        }
        response = client.get(url, query_string=query)
        if response.status_code >= 500:
            failures.append(f"GET {url} -> {response.status_code}")
    assert failures == []
