"""node-quickbooks 2.0.50 and intuit-oauth 4.2.5, Intuit's own Node clients,
run unchanged against the QuickBooks sandbox: one test per call they make.

The script (quickbooks_node.js) connects through the sandbox's OAuth with
intuit-oauth, then drives node-quickbooks through customers, queries of every
form it writes, an invoice and its updates (a stale one too), a payment, a
batch, a void and change data capture.
"""

import pytest

from tests.clients.conftest import assert_call_held, run_client
from tests.providers.conftest import QBO_CLIENT, QBO_REALM, REDIRECT, qbo_tokens

CALLS = [
    "oauth.createToken",
    "oauth.refresh",
    "refreshAccessToken",
    "createCustomer",
    "getCustomer",
    "updateCustomer.fromRead",
    "findCustomers.object",
    "findCustomers.in",
    "findCustomers.like",
    "findCustomers.greaterThan",
    "findCustomers.asc",
    "findCustomers.desc",
    "findCustomers.limitOffset",
    "findCustomers.objectLimitOffset",
    "findCustomers.count",
    "findCustomers.fetchAll",
    "findItems.object",
    "findItems.in",
    "findItems.likeDesc",
    "findItems.count",
    "createInvoice",
    "getInvoice",
    "findInvoices.range",
    "updateInvoice.sparse",
    "updateInvoice.stale",
    "createPayment",
    "updateInvoice.fromRead",
    "batch",
    "voidInvoice",
    "deleteInvoice",
    "changeDataCapture",
]
ITEM = "Services"  # seeded, with the standard VAT code "20.0% S"


def reference_ids(base, http, tokens):
    """The seeded item and VAT code an invoice line needs, read by our own query."""
    api = f"{base}/quickbooks/v3/company/{QBO_REALM}/query"
    headers = {
        "Authorization": f"Bearer {tokens.access_token()}",
        "Accept": "application/json",
    }

    def first(text):
        reply = http.get(api, params={"query": text}, headers=headers)
        assert reply.status_code == 200, reply.text
        (found,) = next(iter(reply.json()["QueryResponse"].values()))
        return found["Id"]

    return (
        first("select * from Item where Name = 'Services'"),
        first("select * from TaxCode where Name = '20.0% S'"),
    )


@pytest.fixture(scope="module")
def results(client_sandbox_url, client_http):
    tokens, realm = qbo_tokens(client_sandbox_url, client_http)
    item_id, tax_code_id = reference_ids(client_sandbox_url, client_http, tokens)
    return run_client(
        "node-quickbooks",
        "quickbooks_node.js",
        {
            "base_url": client_sandbox_url,
            "realm_id": realm,
            "client_id": QBO_CLIENT[0],
            "client_secret": QBO_CLIENT[1],
            "redirect_uri": REDIRECT,
            # If intuit-oauth cannot connect, the script carries on with these.
            "access_token": tokens.access,
            "refresh_token": tokens.refresh,
            "item_id": item_id,
            "item_name": ITEM,
            "tax_code_id": tax_code_id,
        },
    )


@pytest.mark.parametrize("call", CALLS)
def test_node_quickbooks_call_holds(results, call):
    assert_call_held(results, call)


def test_the_script_reports_only_the_calls_listed(results):
    reported = {name for name in results if not name.startswith("_")}
    assert reported <= set(CALLS), reported - set(CALLS)
