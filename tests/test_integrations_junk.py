"""A package answering 200 with junk at sign-in, on refresh and at disconnect:
a clear message each time, never a 500, and Disconnect always works here."""

import json
import re
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from urllib.parse import quote, urlsplit

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.integrations.tokens import ConnectionTokens
from app.models import AccountsConnection
from app.providers.base import ProviderError
from sandbox import product_settings
from tests import test_integrations as flows
from tests.serving import serve_handler
from tests.test_integrations import back_to_app, connect, connection, consent

sandbox_app = flows.sandbox_app
sandbox_url = flows.sandbox_url
http = flows.http
linked_app = flows.linked_app
admin = flows.admin

GOOD = {
    "token": json.dumps(
        {
            "access_token": "junk-server-access",
            "refresh_token": "junk-server-refresh",
            "expires_in": 1800,
            "token_type": "Bearer",
        }
    ),
    "connections": json.dumps(
        [
            {
                "id": "c0ffee00-0000-4000-8000-000000000001",
                "tenantId": "c0ffee00-0000-4000-8000-000000000002",
                "tenantName": "Junk Test Ltd",
                "tenantType": "ORGANISATION",
            }
        ]
    ),
    "companyinfo": json.dumps({"CompanyInfo": {"CompanyName": "Junk Test Co"}}),
    "other": "{}",
}
TOKEN_JUNK = [
    "{}",
    '{"access_token": null}',
    '{"access_token": ""}',
    '{"access_token": 12345}',
    '{"access_token": ["a"]}',
    '{"access_token": {"a": 1}}',
    '{"access_token": "has a space"}',
    '{"access_token": "tok", "expires_in": 100000000000000000000}',
    '{"access_token": "tok", "expires_in": -5}',
    '{"access_token": "tok", "expires_in": "soon"}',
    '{"access_token": "tok", "expires_in": [1]}',
    '{"access_token": "tok", "expires_in": 1e400}',
    '{"access_token": "tok", "refresh_token": 5}',
    '{"access_token": "tok", "x_refresh_token_expires_in": 100000000000000000000}',
    '{"access_token": "tok", "scope": {"a": 1}}',
    "[]",
    '["access_token"]',
    '"access_token"',
    "42",
    "null",
    "<html>oops</html>",
    '{"error": {"nested": true}}',
]
CONNECTIONS_JUNK = [
    "{}",
    '{"id": "x"}',
    '["a", "b"]',
    "[null]",
    '[{"id": 1}]',
    '[{"id": "c1", "tenantId": null, "tenantName": "N"}]',
    '[{"id": "c1", "tenantId": "t1", "tenantName": ["n"]}]',
    '[{"id": "c1", "tenantId": "t1\\r\\nX-Evil: 1", "tenantName": "N"}]',
    '"text"',
    "null",
    "not json",
]
COMPANYINFO_JUNK = [
    '{"CompanyInfo": []}',
    "[]",
    '{"CompanyInfo": {"CompanyName": 5}}',
    '{"CompanyInfo": {"CompanyName": {"x": 1}}}',
    '{"CompanyInfo": "x"}',
    '"text"',
    "null",
]
CLEAR = ("could not read", "had a problem", "refused the connection")


class JunkProvider:
    """Both packages' sign-in endpoints on a loopback port, answering 200 with
    whatever body the test sets for each (the good one otherwise)."""

    def __init__(self):
        junk = self
        self.bodies = dict(GOOD)
        self.calls = []

        class Handler(BaseHTTPRequestHandler):
            def do_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                junk.calls.append((self.command, self.path))
                body = junk.bodies[junk.endpoint(urlsplit(self.path).path)]
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_any

            def log_message(self, *args):
                pass

        self.served = serve_handler(Handler)
        self.url = self.served.url

    @staticmethod
    def endpoint(path):
        if path.endswith(("/connect/token", "/tokens/bearer")):
            return "token"
        if path == "/xero/connections":
            return "connections"
        if "/companyinfo/" in path:
            return "companyinfo"
        return "other"

    def close(self):
        self.served.close()


@pytest.fixture
def junk():
    server = JunkProvider()
    yield server
    server.close()


def callback_through(admin, http, linked_app, junk, provider):
    """Consent at the sandbox, then the callback's calls go to the junk server."""
    start = admin.post(f"/settings/integrations/{provider}/connect")
    location = consent(http, start.headers["Location"], provider)
    linked_app.config.update(product_settings(junk.url))
    reply = back_to_app(admin, location)
    page = admin.get("/settings/integrations/")
    return reply, page.get_data(as_text=True), location


def count_connections():
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(AccountsConnection.id)))


@pytest.mark.parametrize("body", TOKEN_JUNK)
@pytest.mark.parametrize("provider", ["xero", "quickbooks"])
def test_junk_token_reply_at_the_callback_links_nothing(
    admin, http, linked_app, company, junk, provider, body
):
    junk.bodies["token"] = body
    reply, page, _ = callback_through(admin, http, linked_app, junk, provider)
    assert reply.status_code == 302
    assert junk.calls and junk.calls[0][0] == "POST"  # the exchange came here
    assert any(message in page for message in CLEAR), page
    assert count_connections() == 0


@pytest.mark.parametrize("body", CONNECTIONS_JUNK)
def test_junk_xero_connections_link_nothing(
    admin, http, linked_app, company, junk, body
):
    junk.bodies["connections"] = body
    reply, page, _ = callback_through(admin, http, linked_app, junk, "xero")
    assert reply.status_code == 302
    assert ("GET", "/xero/connections") in [(m, p.split("?")[0]) for m, p in junk.calls]
    assert any(message in page for message in CLEAR), page
    assert count_connections() == 0


def test_good_replies_from_the_junk_server_do_connect(
    admin, http, linked_app, company, junk
):
    """The junk server's own good answers connect: the tests above fail on the
    junk alone."""
    reply, page, _ = callback_through(admin, http, linked_app, junk, "xero")
    assert reply.status_code == 302
    row = connection(company, "xero")
    assert row.status == "connected" and row.organisation_name == "Junk Test Ltd"


@pytest.mark.parametrize("body", COMPANYINFO_JUNK)
def test_junk_company_info_connects_under_the_realm(
    admin, http, linked_app, company, junk, body
):
    junk.bodies["companyinfo"] = body
    reply, page, location = callback_through(
        admin, http, linked_app, junk, "quickbooks"
    )
    assert reply.status_code == 302
    realm = re.search(r"realmId=(\d+)", location).group(1)
    row = connection(company, "quickbooks")
    assert row.status == "connected"
    assert row.organisation_name == f"Company {realm}"


def expire_access(row):
    db.session.execute(
        sa.update(AccountsConnection)
        .where(AccountsConnection.id == row.id)
        .values(access_expires_at=datetime.now(UTC) + timedelta(seconds=30))
    )
    db.session.commit()


REFRESH_JUNK = [
    "{}",
    '{"access_token": 12345}',
    '{"access_token": "tok", "expires_in": 100000000000000000000}',
    '{"access_token": "tok", "expires_in": 1e400}',
    '{"access_token": "tok", "refresh_token": ["r"]}',
    "[]",
    '["access_token"]',
    "null",
    "<html>oops</html>",
]


@pytest.mark.parametrize("body", REFRESH_JUNK)
@pytest.mark.parametrize("provider", ["xero", "quickbooks"])
def test_junk_on_refresh_fails_clearly_and_disconnect_still_works(
    admin, http, linked_app, company, junk, provider, body
):
    connect(admin, http, provider)
    row = connection(company, provider)
    expire_access(row)
    linked_app.config.update(product_settings(junk.url))
    junk.bodies["token"] = body
    with linked_app.app_context(), pytest.raises(ProviderError) as failure:
        ConnectionTokens(row.id).access_token()
    assert failure.value.code == "unavailable"
    assert connection(company, provider).status == "connected"

    checked = admin.post(
        "/settings/integrations/options",
        data={"pull_codes": "y", "invoice_status": "approved", "action": "sync"},
    )
    assert checked.status_code == 200, checked.status_code
    assert "could not be checked just now" in checked.get_data(as_text=True)

    gone = admin.post(
        f"/settings/integrations/{provider}/disconnect", follow_redirects=True
    )
    assert gone.status_code == 200
    assert "Disconnected" in gone.get_data(as_text=True)
    row = connection(company, provider)
    assert row.status == "disconnected"
    assert row.access_token is None and row.refresh_token is None


@pytest.mark.parametrize(
    "realm",
    ["123/../../x?y=<script>", "12a", "-1", "1 2", "１２", "٣", "9" * 40, "1\n2"],
)
def test_a_realm_id_that_intuit_does_not_issue_links_nothing(
    admin, http, company, realm
):
    start = admin.post("/settings/integrations/quickbooks/connect")
    location = consent(http, start.headers["Location"], "quickbooks")
    parts = urlsplit(location)
    query = re.sub(r"realmId=\d+", "realmId=" + quote(realm, safe=""), parts.query)
    reply = admin.get(f"{parts.path}?{query}")
    assert reply.status_code == 302
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "company id that is not one it issues" in page
    assert count_connections() == 0
    assert "<script>" not in page
