"""Accounts Integration against the sandboxes: connect, choose, deny, disconnect."""

import html
import json
import re
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AccountsConnection, Notification, ProviderApp, SyncOptions
from sandbox import product_settings
from tests.factories import fresh, user
from tests.sandbox import conftest as sandbox_fixtures
from tests.serving import serve_handler

# The sandbox served over HTTP on a loopback port (fixtures shared with its tests).
sandbox_app = sandbox_fixtures.sandbox_app
sandbox_url = sandbox_fixtures.sandbox_url
http = sandbox_fixtures.http

XERO_ORGS = r'name="tenant" value="([^"]+)"[^>]*> ([^<]+)</label>'
HIDDEN = r'<input type="hidden" name="([^"]+)" value="([^"]*)">'


@pytest.fixture
def linked_app(app, sandbox_url):
    """The app under test pointed at the sandbox served on a loopback port."""
    app.config.update(product_settings(sandbox_url))
    return app


@pytest.fixture
def admin(linked_app, client, auth, company):
    auth.login()
    return client


def consent(http, location, provider, action="allow", tenants=1):
    """Press Allow (or Cancel) on the sandbox consent page; the redirect back."""
    page = http.get(location)
    assert page.status_code == 200, page.text
    fields = {k: html.unescape(v) for k, v in re.findall(HIDDEN, page.text)}
    fields["action"] = action
    if provider == "xero":
        orgs = re.findall(XERO_ORGS, page.text)
        fields["tenant"] = [tenant for tenant, _name in orgs[:tenants]]
    else:
        fields["realm_id"] = re.findall(r'name="realm_id" value="([^"]+)"', page.text)[
            0
        ]
    url = location.split("?")[0]
    reply = http.post(url, data=fields, allow_redirects=False)
    assert reply.status_code == 302, reply.text
    return reply.headers["Location"]


def back_to_app(client, location):
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


def connect(client, http, provider, action="allow", tenants=1):
    """Connect through the consent page; the app's reply to the callback."""
    start = client.post(f"/settings/integrations/{provider}/connect")
    assert start.status_code == 302
    location = start.headers["Location"]
    return back_to_app(client, consent(http, location, provider, action, tenants))


def connection(company, provider):
    db.session.expire_all()
    return db.session.scalar(
        AccountsConnection.for_company(company.id).where(
            AccountsConnection.provider == provider
        )
    )


def test_page_shows_both_providers_with_redirect_uris(admin, linked_app):
    page = admin.get("/settings/integrations/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Xero" in text and "QuickBooks Online" in text
    public = linked_app.config["PUBLIC_URL"]  # unset: the demo's loopback address
    assert f"{public}/settings/integrations/xero/callback" in text
    assert f"{public}/settings/integrations/quickbooks/callback" in text
    assert 'value="sandbox-xero-client"' in text  # pre-filled for the demo
    assert "sandbox-xero-secret" not in text
    assert "Ready to connect" in text


def test_office_users_get_403_and_no_link(linked_app, client, auth, company):
    auth.login_office()
    assert client.get("/settings/integrations/").status_code == 403
    assert client.post("/settings/integrations/xero/connect").status_code == 403
    assert b"/settings/integrations/" not in client.get("/settings/").data


def test_settings_links_to_the_page(admin):
    assert b"/settings/integrations/" in admin.get("/settings/").data


def test_unknown_provider_is_404(admin):
    assert admin.get("/settings/integrations/sage/callback").status_code == 404
    assert admin.post("/settings/integrations/sage/connect").status_code == 404


def test_without_sandbox_or_credentials_it_is_not_set_up(app, client, auth, company):
    auth.login()
    text = client.get("/settings/integrations/").get_data(as_text=True)
    assert "Not set up" in text
    reply = client.post("/settings/integrations/xero/connect", follow_redirects=True)
    assert "Save your Xero app" in reply.get_data(as_text=True)


def test_saving_credentials_encrypts_the_secret(app, client, auth, company):
    auth.login()
    reply = client.post(
        "/settings/integrations/xero/credentials",
        data={"xero-client_id": " my-client ", "xero-client_secret": "top-secret-42"},
    )
    assert reply.status_code == 302
    raw = db.session.execute(
        sa.text("SELECT client_id, client_secret FROM provider_apps")
    ).one()
    assert raw.client_id == "my-client"
    assert "top-secret-42" not in raw.client_secret
    db.session.expire_all()
    row = db.session.scalar(sa.select(ProviderApp))
    assert row.client_secret == "top-secret-42"
    page = client.get("/settings/integrations/").get_data(as_text=True)
    assert "top-secret-42" not in page and "Client Secret saved" in page
    # Blank secret keeps the saved one.
    client.post(
        "/settings/integrations/xero/credentials",
        data={"xero-client_id": "other-client", "xero-client_secret": ""},
    )
    assert fresh(ProviderApp, row.id).client_secret == "top-secret-42"


def test_credentials_need_a_client_id_and_a_secret(app, client, auth, company):
    auth.login()
    reply = client.post(
        "/settings/integrations/quickbooks/credentials",
        data={"quickbooks-client_id": "", "quickbooks-client_secret": ""},
    )
    assert reply.status_code == 400
    assert "Paste the Client ID" in reply.get_data(as_text=True)
    reply = client.post(
        "/settings/integrations/quickbooks/credentials",
        data={"quickbooks-client_id": "abc", "quickbooks-client_secret": ""},
    )
    assert "Paste the Client Secret" in reply.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ProviderApp.id))) == 0


def test_connect_xero_single_organisation(admin, http, company):
    start = admin.post("/settings/integrations/xero/connect")
    location = start.headers["Location"]
    assert "code_challenge_method=S256" in location
    assert "accounting.invoices" in location and "accounting.payments" in location
    reply = back_to_app(admin, consent(http, location, "xero"))
    assert reply.status_code == 302
    row = connection(company, "xero")
    assert row.status == "connected"
    assert row.organisation_name == "Demo Services Ltd"
    assert row.remote_id and row.xero_connection_id
    assert row.connected_by_id == user(company).id
    assert row.access_token and row.refresh_token
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "Connected" in page and "Demo Services Ltd" in page
    assert row.remote_id in page and "Tenant ID" in page
    note = db.session.scalar(sa.select(Notification))
    assert note.title == "Connected to Xero"


def test_tokens_and_secrets_are_not_readable_in_the_database(admin, http, company):
    connect(admin, http, "xero")
    row = connection(company, "xero")
    raw = db.session.execute(
        sa.text("SELECT access_token, refresh_token FROM accounts_connections")
    ).one()
    assert row.access_token not in raw.access_token
    assert row.refresh_token not in raw.refresh_token
    assert raw.access_token.startswith("gAAAA")  # a Fernet token


def test_connect_xero_choosing_between_two_organisations(admin, http, company):
    reply = connect(admin, http, "xero", tenants=2)
    assert reply.headers["Location"].endswith(
        "/settings/integrations/xero/organisation"
    )
    assert connection(company, "xero") is None  # nothing saved before the choice
    page = admin.get("/settings/integrations/xero/organisation").get_data(as_text=True)
    assert "Choose a Xero organisation" in page
    options = re.findall(
        r'name="remote_id" value="([^"]+)"[^>]*> ([^<]+)</label>', page
    )
    assert len(options) == 2
    assert (
        admin.post(
            "/settings/integrations/xero/organisation", data={"remote_id": "nope"}
        ).status_code
        == 400
    )
    second_id, second_name = options[1]
    # The choice belongs to the package that was consented to.
    elsewhere = admin.post(
        "/settings/integrations/quickbooks/organisation",
        data={"remote_id": second_id},
    )
    assert elsewhere.status_code == 302
    assert connection(company, "quickbooks") is None
    admin.post(
        "/settings/integrations/xero/organisation", data={"remote_id": second_id}
    )
    row = connection(company, "xero")
    assert row.status == "connected"
    assert (row.remote_id, row.organisation_name) == (second_id, second_name.strip())
    # The choice is used up.
    again = admin.get("/settings/integrations/xero/organisation")
    assert again.status_code == 302


def test_connect_quickbooks_keeps_the_realm(admin, http, company):
    start = admin.post("/settings/integrations/quickbooks/connect")
    assert "com.intuit.quickbooks.accounting" in start.headers["Location"]
    location = consent(http, start.headers["Location"], "quickbooks")
    realm = re.search(r"realmId=(\d+)", location).group(1)
    back_to_app(admin, location)
    row = connection(company, "quickbooks")
    assert row.status == "connected"
    assert row.remote_id == realm
    assert row.organisation_name and row.organisation_name != f"Company {realm}"
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "Realm ID" in page and realm in page


def test_one_accounts_package_at_a_time(admin, http, company):
    connect(admin, http, "xero")
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "Disconnect it first to connect QuickBooks Online" in page
    refused = admin.post(
        "/settings/integrations/quickbooks/connect", follow_redirects=True
    )
    assert "Disconnect Xero first" in refused.get_data(as_text=True)
    assert connection(company, "quickbooks") is None


def test_denied_consent_links_nothing(admin, http, company):
    reply = connect(admin, http, "xero", action="deny")
    assert reply.status_code == 302
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "You cancelled at Xero" in page
    assert connection(company, "xero") is None


def test_tampered_state_links_nothing(admin, http, company):
    start = admin.post("/settings/integrations/quickbooks/connect")
    location = consent(http, start.headers["Location"], "quickbooks")
    tampered = re.sub(r"state=[^&]+", "state=forged", location)
    back_to_app(admin, tampered)
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "nothing was linked" in page
    assert connection(company, "quickbooks") is None
    # The genuine reply is no good afterwards either: the attempt was used up.
    back_to_app(admin, location)
    assert connection(company, "quickbooks") is None


def test_callback_without_login_links_nothing(linked_app, client, company):
    reply = client.get("/settings/integrations/xero/callback?code=x&state=y")
    assert reply.status_code == 302 and "/login" in reply.headers["Location"]
    assert db.session.scalar(sa.select(AccountsConnection)) is None


def test_wrong_client_secret_gives_a_message(admin, http, company):
    admin.post(
        "/settings/integrations/xero/credentials",
        data={"xero-client_id": "sandbox-xero-client", "xero-client_secret": "wrong"},
    )
    reply = connect(admin, http, "xero")
    assert reply.status_code == 302
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "did not accept the Client ID and Client Secret" in page
    assert connection(company, "xero") is None


def test_provider_down_gives_a_message(admin, http, linked_app, company):
    start = admin.post("/settings/integrations/xero/connect")
    location = consent(http, start.headers["Location"], "xero")
    linked_app.config.update(product_settings("http://127.0.0.1:9"))  # nothing
    reply = back_to_app(admin, location)
    assert reply.status_code == 302
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "could not reach the accounts package" in page
    assert connection(company, "xero") is None


def test_disconnect_xero_revokes_and_keeps_the_row(admin, http, sandbox_url, company):
    connect(admin, http, "xero")
    row = connection(company, "xero")
    token = row.access_token
    reply = admin.post("/settings/integrations/xero/disconnect", follow_redirects=True)
    assert "Disconnected from Xero" in reply.get_data(as_text=True)
    row = connection(company, "xero")
    assert row.status == "disconnected"
    assert row.access_token is None and row.refresh_token is None
    assert row.organisation_name == "Demo Services Ltd" and row.remote_id
    listed = http.get(
        sandbox_url + "/xero/connections",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert listed.json() == []
    # Now QuickBooks may be connected.
    connect(admin, http, "quickbooks")
    assert connection(company, "quickbooks").status == "connected"


def test_disconnect_quickbooks_revokes_the_token(admin, http, sandbox_url, company):
    connect(admin, http, "quickbooks")
    row = connection(company, "quickbooks")
    refresh = row.refresh_token
    admin.post("/settings/integrations/quickbooks/disconnect")
    assert connection(company, "quickbooks").status == "disconnected"
    reply = http.post(
        sandbox_url + "/quickbooks/oauth2/v1/tokens/bearer",
        auth=("sandbox-quickbooks-client", "sandbox-quickbooks-secret"),
        data={"grant_type": "refresh_token", "refresh_token": refresh},
    )
    assert reply.json()["error"] == "invalid_grant"


def test_codes_are_read_only_while_connected(admin, http, company):
    from app.codes.services import codes_editable

    assert codes_editable(company)
    connect(admin, http, "xero")
    assert not codes_editable(company)
    admin.post("/settings/integrations/xero/disconnect")
    assert codes_editable(company)


def test_other_companies_connections_are_invisible(
    admin,
    http,
    company,
    other_company,
):
    connect(admin, http, "xero")
    assert connection(other_company, "xero") is None
    assert not db.session.scalar(
        sa.select(Notification).where(Notification.company_id == other_company.id)
    )


def test_sync_options_are_saved_per_company(app, client, auth, company, other_company):
    from tests.factories import nominal_code, tax_code

    auth.login()
    page = client.get("/settings/integrations/").get_data(as_text=True)
    assert "Sync options" in page and "Save &amp; Sync" in page
    assert "QuickBooks Online has no draft invoices" in page
    sales = nominal_code(company, "4000")
    standard = tax_code(company, "T1")
    theirs = nominal_code(other_company, "4000")
    reply = client.post(
        "/settings/integrations/options",
        data={
            "pull_codes": "y",
            "push_invoices": "y",
            "invoice_status": "approved",
            "default_sales_nominal_code_id": str(sales.id),
            f"tax_map-{standard.id}": "20% (VAT on Income)",
            "action": "sync",
        },
        follow_redirects=True,
    )
    assert "Sync options saved" in reply.get_data(as_text=True)
    row = db.session.scalar(SyncOptions.for_company(company.id))
    assert (row.pull_codes, row.pull_customers, row.push_invoices) == (
        True,
        False,
        True,
    )
    assert row.invoice_status == "approved"
    assert row.default_sales_nominal_code_id == sales.id
    assert json.loads(row.tax_code_map) == {"T1": "20% (VAT on Income)"}
    # Another company's code is never stored; a bad status is refused.
    client.post(
        "/settings/integrations/options",
        data={"default_sales_nominal_code_id": str(theirs.id), "invoice_status": "x"},
    )
    assert fresh(SyncOptions, row.id).invoice_status == "approved"
    client.post(
        "/settings/integrations/options",
        data={
            "default_sales_nominal_code_id": str(theirs.id),
            "invoice_status": "draft",
        },
    )
    assert fresh(SyncOptions, row.id).default_sales_nominal_code_id is None
    assert db.session.scalar(SyncOptions.for_company(other_company.id)) is None


def test_office_users_cannot_save_sync_options(app, client, auth, company):
    auth.login_office()
    assert client.post("/settings/integrations/options").status_code == 403


def test_expired_code_gives_a_message(admin, http, sandbox_url, company):
    start = admin.post("/settings/integrations/xero/connect")
    location = consent(http, start.headers["Location"], "xero")
    http.post(sandbox_url + "/xero/_admin/clock", json={"advance_seconds": 600})
    back_to_app(admin, location)
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert "The sign-in took too long" in page
    assert connection(company, "xero") is None


class StubProvider:
    """A provider on a loopback port that answers every call badly: 503 or never."""

    def __init__(self, behaviour):
        stub = self
        self.release = threading.Event()
        self.calls = []

        class Handler(BaseHTTPRequestHandler):
            def do_any(self):
                stub.calls.append(self.path)
                if behaviour == "hang":
                    stub.release.wait(30)  # until the test ends
                    return
                body = b'{"error": "temporarily_unavailable"}'
                self.send_response(503)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_any

            def log_message(self, *args):
                pass

        self.served = serve_handler(Handler)
        self.url = self.served.url

    def close(self):
        self.release.set()
        self.served.close()


@pytest.fixture
def stub_provider():
    made = []

    def make(behaviour):
        made.append(StubProvider(behaviour))
        return made[-1]

    yield make
    for stub in made:
        stub.close()


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        ("503", "had a problem and did not finish connecting"),
        ("hang", "took too long to answer"),
    ],
)
@pytest.mark.parametrize("provider", ["xero", "quickbooks"])
def test_a_failing_or_slow_provider_at_the_callback_links_nothing(
    admin, http, linked_app, company, stub_provider, provider, behaviour, message
):
    start = admin.post(f"/settings/integrations/{provider}/connect")
    location = consent(http, start.headers["Location"], provider)
    stub = stub_provider(behaviour)
    linked_app.config.update(product_settings(stub.url))
    linked_app.config["PROVIDER_READ_TIMEOUT"] = 0.5
    reply = back_to_app(admin, location)
    assert reply.status_code == 302
    assert stub.calls, "the token exchange went to the stub"
    page = admin.get("/settings/integrations/").get_data(as_text=True)
    assert message in page
    assert connection(company, provider) is None
    assert db.session.scalar(sa.select(sa.func.count(AccountsConnection.id))) == 0
