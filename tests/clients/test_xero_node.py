"""Xero's own Node SDK (xero-node, pinned in tests/package.json) against the sandbox.

The SDK runs unchanged: only AccountingApi.basePath points at the sandbox, and the
token set comes from the sandbox's own OAuth flow, run here over HTTP. The same calls
run twice: straight to a sandbox, and through Prism with Xero's OpenAPI in front of
another (tests/prism.py), where every violation Prism reports without a sourced
allowance fails.
"""

import pytest

from sandbox import ENDPOINTS
from tests.clients.conftest import assert_call_held, run_client, served_sandbox
from tests.prism_allowances import unexplained
from tests.providers.conftest import xero_tokens

CALLS = [
    "getTaxRates",
    "getAccounts",
    "getContacts page",
    "getContacts where",
    "createContacts",
    "getContacts If-Modified-Since",
    "createInvoices batch",
    "getInvoice",
    "updateInvoice line",
    "createPayment",
    "createCreditNotes",
    "createCreditNoteAllocation",
    "updateInvoice VOIDED",
]


def xero_node_config(sandbox_url, session, api_base=None):
    """What tests/clients/xero_node.js reads on stdin. api_base defaults to the
    sandbox's own; pass another (a proxy in front of it) to run the same calls there."""
    tokens, tenant_id = xero_tokens(sandbox_url, session)
    return {
        "api_base": api_base or sandbox_url + ENDPOINTS["XERO_API_BASE"],
        "tenant_id": tenant_id,
        "token_set": {
            "access_token": tokens.access,
            "refresh_token": tokens.refresh,
            "token_type": "Bearer",
        },
    }


@pytest.fixture(scope="module")
def xero_node_results(client_sandbox_url, client_http):
    config = xero_node_config(client_sandbox_url, client_http)
    return run_client("xero-node", "xero_node.js", config)


@pytest.mark.parametrize("call", CALLS)
def test_xero_node_call_holds(xero_node_results, call):
    assert_call_held(xero_node_results, call)


def test_xero_node_reported_only_the_calls_listed(xero_node_results):
    reported = set(xero_node_results) - {"_stderr"}
    assert reported == set(CALLS), xero_node_results["_stderr"]


@pytest.fixture(scope="module")
def through_prism(xero_prism, tmp_path_factory, client_http):
    """xero-node through Prism to a sandbox of its own; (results, exchanges)."""
    with served_sandbox(tmp_path_factory.mktemp("prism-sandbox")) as sandbox_url:
        mark = xero_prism.attach(sandbox_url)
        try:
            config = xero_node_config(sandbox_url, client_http, api_base=xero_prism.url)
            results = run_client("xero-node", "xero_node.js", config)
        finally:
            xero_prism.detach()
        return results, xero_prism.since(mark)


@pytest.mark.parametrize("call", CALLS)
def test_xero_node_call_holds_through_prism(through_prism, call):
    results, _exchanges = through_prism
    assert_call_held(results, call)


def test_prism_finds_nothing_wrong_in_xero_nodes_traffic(through_prism):
    results, exchanges = through_prism
    assert len(exchanges) >= len(CALLS), results["_stderr"]
    bad = unexplained(exchanges)
    assert not bad, "Prism, against Xero's OpenAPI:\n" + "\n".join(bad)
