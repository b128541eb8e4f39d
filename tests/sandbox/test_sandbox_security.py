"""The sandbox's admin API is guarded, its log keeps no secrets, its pages send
the app's security headers."""

import pytest

from app.web import SECURITY_HEADERS as APP_HEADERS
from sandbox import create_sandbox_app
from sandbox.requests_log import NESTED, REDACTED, redact
from sandbox.security import ADMIN_HEADER, SECURITY_HEADERS
from sandbox.storage import sandbox_db
from tests.sandbox.quickbooks_support import Qbo, authorize
from tests.sandbox.xero_support import authorize_params, connect, refresh

ADMIN_CALLS = [
    ("get", "/_admin/requests"),
    ("get", "/_admin/faults/xero/tenant-1"),
    ("put", "/_admin/faults/xero/tenant-1"),
    ("post", "/xero/_admin/expire-tokens"),
    ("post", "/xero/_admin/clock"),
    ("post", "/quickbooks/_admin/expire-tokens"),
]


@pytest.fixture
def make_sandbox(tmp_path):
    made = []

    def make(**config):
        app = create_sandbox_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'guard.db'}",
                **config,
            }
        )
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            sandbox_db.engine.dispose()


@pytest.mark.parametrize(("method", "path"), ADMIN_CALLS)
def test_without_a_key_the_admin_api_answers_only_loopback(make_sandbox, method, path):
    client = make_sandbox().test_client()
    remote = client.open(
        path, method=method, json={}, environ_base={"REMOTE_ADDR": "192.0.2.7"}
    )
    assert remote.status_code == 403
    assert "only on this machine" in remote.get_data(as_text=True)
    local = client.open(
        path, method=method, json={}, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    )
    assert local.status_code != 403


@pytest.mark.parametrize(("method", "path"), ADMIN_CALLS)
def test_with_a_key_the_admin_api_wants_it_even_from_loopback(
    make_sandbox, method, path
):
    client = make_sandbox(ADMIN_KEY="s3cret-admin").test_client()
    for headers in ({}, {ADMIN_HEADER: "guess"}, {ADMIN_HEADER: "s3cret-admin!"}):
        refused = client.open(path, method=method, json={}, headers=headers)
        assert refused.status_code == 403, headers
        assert ADMIN_HEADER in refused.get_data(as_text=True)
    allowed = client.open(
        path,
        method=method,
        json={},
        headers={ADMIN_HEADER: "s3cret-admin"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert allowed.status_code != 403


def test_the_emulated_apis_need_no_admin_key(make_sandbox):
    client = make_sandbox(ADMIN_KEY="s3cret-admin").test_client()
    params = authorize_params()
    page = client.get("/xero/identity/connect/authorize", query_string=params)
    assert page.status_code == 200
    assert client.get("/").status_code == 200


def test_sandbox_headers_are_the_apps():
    assert SECURITY_HEADERS == APP_HEADERS


def test_pages_and_api_replies_send_the_security_headers(make_sandbox):
    client = make_sandbox().test_client()
    for reply in (client.get("/"), client.get("/xero/connections")):
        for name, value in SECURITY_HEADERS.items():
            assert reply.headers[name] == value, (reply.request.path, name)


def test_consent_pages_let_their_form_redirect_to_the_checked_client_only(
    make_sandbox,
):
    client = make_sandbox().test_client()
    xero = client.get(
        "/xero/identity/connect/authorize", query_string=authorize_params()
    )
    policy = xero.headers["Content-Security-Policy"]
    assert "form-action 'self' http://127.0.0.1:8765;" in policy
    assert "frame-ancestors 'none'" in policy
    unregistered = client.get(
        "/xero/identity/connect/authorize",
        query_string=authorize_params(redirect_uri="https://evil.example/cb"),
    )
    assert "evil.example" not in unregistered.headers["Content-Security-Policy"]
    quickbooks = client.get(
        "/quickbooks/connect/oauth2",
        query_string={
            "client_id": "sandbox-quickbooks-client",
            "response_type": "code",
            "scope": "com.intuit.quickbooks.accounting",
            "redirect_uri": "http://127.0.0.1:9999/callback",
            "state": "s",
        },
    )
    assert quickbooks.status_code == 200
    assert (
        "form-action 'self' http://127.0.0.1:9999;"
        in (quickbooks.headers["Content-Security-Policy"])
    )


def test_the_request_log_keeps_no_token_code_or_secret(sandbox_url, http):
    api = connect(sandbox_url, http)
    renewed = refresh(sandbox_url, http, api.tokens["refresh_token"]).json()
    qbo = Qbo(http, sandbox_url)
    code = authorize(http, sandbox_url, state="again")["code"]
    http.post(
        sandbox_url + "/quickbooks/oauth2/v1/tokens/bearer",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "http://127.0.0.1:9999/callback",
            "client_id": "sandbox-quickbooks-client",
            "client_secret": "sandbox-quickbooks-secret",
        },
    )
    http.post(
        sandbox_url + "/quickbooks/oauth2/v1/tokens/revoke",
        json={"token": qbo.refresh},
        auth=("sandbox-quickbooks-client", "sandbox-quickbooks-secret"),
    )
    secrets = [
        api.tokens["access_token"],
        api.tokens["refresh_token"],
        renewed["access_token"],
        renewed["refresh_token"],
        qbo.access,
        qbo.refresh,
        code,
        "sandbox-quickbooks-secret",
    ]
    log = http.get(sandbox_url + "/_admin/requests", params={"limit": 5000})
    text = log.text
    assert "/xero/connect/token" in text and "/tokens/revoke" in text
    assert text.count(REDACTED) >= 8
    for secret in secrets:
        assert secret not in text


def test_redaction_leaves_other_bodies_as_they_were():
    invoice = '{"Invoices": [{"Code": "200", "Reference": "token=x"}]}'
    assert redact(invoice) == invoice
    assert redact("select * from Invoice where Id = '1'") == (
        "select * from Invoice where Id = '1'"
    )
    assert redact("grant_type=refresh_token&refresh_token=abc") == (
        "grant_type=refresh_token&refresh_token=%5Bredacted%5D"
    )
    assert redact("<xml>code=1</xml>") == "<xml>code=1</xml>"
    assert redact("[1, 2") == "[1, 2"  # not JSON: as it came
    assert redact("[" * 100_000) == NESTED  # past the parser's depth
    deep = "[" * 5000 + '{"code": "x"}' + "]" * 5000
    assert "x" not in redact(deep)
