"""Prism with Xero's OpenAPI catches what is wrong, on both sides of the wire.

The rest of tests/providers runs our Xero client through Prism as well as
direct (the xero_route fixture); these tests show the judge is awake: a wrong
request from our own client and a wrong reply are both reported, and a status
the spec does not list is explained by its source, not hidden.
"""

import pytest
from werkzeug.wrappers import Response

from app.providers import ProviderError
from tests.prism import Exchange
from tests.prism_allowances import UNLISTED_STATUSES, explained, unexplained
from tests.providers.conftest import xero_provider
from tests.serving import serve_wsgi


@pytest.fixture
def through_prism(xero_prism, sandbox_url, http):
    """Our Xero client with Prism in front of a fresh sandbox; (client, prism, mark)."""
    mark = xero_prism.attach(sandbox_url)
    yield xero_provider(sandbox_url, http, xero_prism.url), xero_prism, mark
    xero_prism.detach()


def test_a_malformed_invoice_from_our_own_client_is_caught(through_prism):
    xero, prism, _mark = through_prism
    contact = next(iter(xero.customers())).remote_id
    mark = prism.mark()
    wrong = {
        "Invoices": [
            {
                "Type": "ACCREC",
                "Contact": {"ContactID": contact},
                "Date": "2026-12-03",
                # LineItems must be a list; a hand-written dict is the mistake.
                "LineItems": {"Description": "Boiler service", "Quantity": 1},
            }
        ]
    }
    try:
        xero.call("PUT", "Invoices", body=wrong)
    except ProviderError:
        pass  # whatever the sandbox answers, Prism has judged the request
    bad = unexplained(prism.since(mark))
    prism.plant(mark)
    assert any("request.body.Invoices.0.LineItems" in line for line in bad), bad
    assert any("must be array" in line for line in bad), bad


def test_a_reply_that_breaks_the_spec_is_caught(xero_prism, http):
    """A stand-in upstream answers GET /Invoices with an InvoiceID that is no uuid
    and a Total that is text: Prism reports both against the response schema."""

    def broken_xero(environ, start_response):
        body = '{"Invoices": [{"InvoiceID": 42, "Total": "lots"}]}'
        reply = Response(body, content_type="application/json")
        return reply(environ, start_response)

    served = serve_wsgi(broken_xero)
    try:
        mark = xero_prism.attach(served.url)
        reply = http.get(
            f"{xero_prism.url}/Invoices",
            headers={
                "Authorization": "Bearer x",
                "xero-tenant-id": "3b5b5a4e-1c1e-4b0e-9d53-6a2c6c1f7d11",
                "Accept": "application/json",
            },
        )
        assert reply.status_code == 200
        bad = unexplained(xero_prism.since(mark))
        xero_prism.plant(mark)
    finally:
        xero_prism.detach()
        served.close()
    assert any("response.body.Invoices.0.InvoiceID" in line for line in bad), bad
    assert any("response.body.Invoices.0.Total" in line for line in bad), bad


def test_a_status_the_spec_does_not_list_is_explained_by_its_source(
    through_prism, http
):
    xero, prism, mark = through_prism
    reply = http.get(
        f"{prism.url}/Invoices",
        headers={
            "Authorization": f"Bearer {xero.http.tokens.access_token()}",
            "xero-tenant-id": "00000000-0000-4000-8000-000000000000",
            "Accept": "application/json",
        },
    )
    assert reply.status_code == 403  # Xero: AuthenticationUnsuccessful
    exchanges = prism.since(mark)
    assert [e.status for e in exchanges] == [403]
    assert exchanges[0].violations, "Prism said nothing of a status it does not know"
    assert unexplained(exchanges) == []
    assert explained(exchanges) == {"403 not in the spec": 1}
    assert "laravel-xero#40" in UNLISTED_STATUSES[403]


def test_a_status_with_no_source_is_not_allowed():
    """409 is not an answer Xero is known to give: Prism's warning stands."""
    assert 409 not in UNLISTED_STATUSES
    warning = {
        "location": ["response"],
        "message": "Unable to match the returned status code with those defined "
        "in the document: 200",
    }
    assert unexplained([Exchange("GET", "/Invoices", 409, [warning])])
    assert not unexplained([Exchange("GET", "/Invoices", 404, [warning])])
