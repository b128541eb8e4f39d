"""Provider clients against the sandboxes over real HTTP, connected by real OAuth."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from app.providers import ProviderError, provider_settings
from app.providers.quickbooks import QuickBooksProvider
from app.providers.xero import XeroProvider
from sandbox import ENDPOINTS, product_settings
from tests.prism_allowances import unexplained
from tests.sandbox.conftest import http, sandbox_app, sandbox_url  # noqa: F401

XERO_CLIENT = ("sandbox-xero-client", "sandbox-xero-secret")
QBO_CLIENT = ("sandbox-quickbooks-client", "sandbox-quickbooks-secret")
REDIRECT = "http://127.0.0.1:8765/callback"
XERO_SCOPE = (
    "offline_access openid profile email accounting.settings accounting.contacts "
    "accounting.invoices accounting.payments"
)
FIRST_ORG = "Demo Services Ltd"
QBO_REALM = "9341453071485611"


class RefreshingTokens:
    """A TokenSource that refreshes through the provider's token endpoint."""

    def __init__(self, token_url, client, reply):
        self.token_url, self.client = token_url, client
        self.access, self.refresh = reply["access_token"], reply["refresh_token"]
        self.refreshes = 0

    def access_token(self):
        return self.access

    def refresh_after_rejection(self):
        reply = requests.post(
            self.token_url,
            auth=self.client,
            data={"grant_type": "refresh_token", "refresh_token": self.refresh},
            headers={"Accept": "application/json"},
            timeout=10,
        )
        if reply.status_code != 200:
            raise ProviderError("auth_revoked", reply.text, status=reply.status_code)
        body = reply.json()
        self.access, self.refresh = body["access_token"], body["refresh_token"]
        self.refreshes += 1
        return self.access


def sandbox_settings(name, base):
    settings = provider_settings(name, product_settings(base))
    # Short pauses between 5xx retries keep the tests quick; Retry-After is honoured.
    return settings.with_changes(backoff=0.05, throttle_wait=0.05)


def xero_tokens(base, session, tenant_name=FIRST_ORG):
    """Consent for one organisation, exchange the code; (tokens, tenant id)."""
    settings = sandbox_settings("xero", base)
    params = {
        "response_type": "code",
        "client_id": XERO_CLIENT[0],
        "redirect_uri": REDIRECT,
        "scope": XERO_SCOPE,
        "state": "s1",
    }
    page = session.get(settings.authorize_url, params=params)
    tenants = re.findall(
        r'name="tenant" value="([^"]+)"[^>]*> ([^<]+)</label>', page.text
    )
    chosen = [tid for tid, name in tenants if name == tenant_name]
    reply = session.post(
        settings.authorize_url,
        data={**params, "tenant": chosen, "action": "allow"},
        allow_redirects=False,
    )
    code = parse_qs(urlsplit(reply.headers["Location"]).query)["code"][0]
    grant = session.post(
        settings.token_url,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
        },
        auth=XERO_CLIENT,
    ).json()
    return RefreshingTokens(settings.token_url, XERO_CLIENT, grant), chosen[0]


def qbo_tokens(base, session, realm=QBO_REALM):
    settings = sandbox_settings("quickbooks", base)
    params = {
        "client_id": QBO_CLIENT[0],
        "response_type": "code",
        "scope": "com.intuit.quickbooks.accounting",
        "redirect_uri": REDIRECT,
        "state": "s1",
    }
    session.get(settings.authorize_url, params=params)
    reply = session.post(
        settings.authorize_url,
        data={**params, "realm_id": realm, "action": "allow"},
        allow_redirects=False,
    )
    query = parse_qs(urlsplit(reply.headers["Location"]).query)
    grant = session.post(
        settings.token_url,
        auth=QBO_CLIENT,
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": REDIRECT,
        },
        headers={"Accept": "application/json"},
    ).json()
    return RefreshingTokens(settings.token_url, QBO_CLIENT, grant), query["realmId"][0]


@pytest.fixture(params=["direct", "via prism"])
def xero_route(request, sandbox_url):  # noqa: F811
    """The API base our Xero client talks to: the sandbox's own, or Prism with
    Xero's OpenAPI in front of it. Through Prism, every violation it reports
    that has no sourced allowance (tests/prism_allowances.py) fails the test."""
    if request.param == "direct":
        yield sandbox_url + ENDPOINTS["XERO_API_BASE"]
        return
    prism = request.getfixturevalue("xero_prism")
    mark = prism.attach(sandbox_url)
    yield prism.url
    prism.detach()
    bad = unexplained(prism.since(mark))
    assert not bad, "Prism, against Xero's OpenAPI:\n" + "\n".join(bad)


def xero_provider(sandbox_url, http, api_base=None):  # noqa: F811
    tokens, tenant_id = xero_tokens(sandbox_url, http)
    settings = sandbox_settings("xero", sandbox_url)
    if api_base:
        settings = settings.with_changes(api_base=api_base)
    return XeroProvider(settings, tenant_id, tokens)


@pytest.fixture
def xero(sandbox_url, http, xero_route):  # noqa: F811
    """Our Xero client, run both direct and through Prism."""
    return xero_provider(sandbox_url, http, xero_route)


@pytest.fixture
def xero_direct(sandbox_url, http):  # noqa: F811
    """Our Xero client straight to the sandbox, for transport faults (a reset, a
    hang) that a proxy in between would turn into something else."""
    return xero_provider(sandbox_url, http)


@pytest.fixture
def qbo(sandbox_url, http):  # noqa: F811
    tokens, realm = qbo_tokens(sandbox_url, http)
    return QuickBooksProvider(
        sandbox_settings("quickbooks", sandbox_url), realm, tokens
    )


def set_faults(http, base, provider, tenant, **faults):  # noqa: F811
    reply = http.put(f"{base}/_admin/faults/{provider}/{tenant}", json=faults)
    assert reply.status_code == 200, reply.text


def logged(http, base, provider, **filters):  # noqa: F811
    """The sandbox's request log for one provider."""
    return http.get(
        f"{base}/_admin/requests", params={"provider": provider, **filters}
    ).json()
