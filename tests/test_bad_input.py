"""Garbage in any form field never gives a 500, on any route that takes a POST."""

import pytest

from app.models import User
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


def own_ids(company):
    customer = factories.make_customer(company)
    invoice = factories.make_invoice(company, customer)
    return {
        "customer_id": customer.id,
        "supplier_id": factories.make_supplier(company).id,
        "invoice_id": invoice.id,
        "credit_note_id": factories.make_credit_note(invoice).id,
        "payment_id": factories.make_payment(invoice, "1.00").id,
        "purchase_invoice_id": factories.make_purchase_invoice(company).id,
        "tax_code_id": factories.tax_code(company).id,
        "nominal_code_id": factories.nominal_code(company).id,
        "user_id": factories.user(company, User.OFFICE).id,
        "notification_id": factories.make_notification(factories.user(company)).id,
    }


@pytest.mark.parametrize("value", NASTY, ids=range(len(NASTY)))
def test_post_routes_survive_garbage(app, client, auth, company, value):
    ids = own_ids(company)
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
    ids = own_ids(company)
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
