"""Intuit OAuth 2.0 in the QuickBooks sandbox: consent, tokens, revoke, discovery."""

import pytest

from sandbox.quickbooks.seed import DEMO_REALM, SECOND_REALM
from tests.sandbox.quickbooks_support import (
    CLIENT,
    REDIRECT,
    Qbo,
    authorize,
    tokens,
)

TOKEN_PATH = "/quickbooks/oauth2/v1/tokens/bearer"


def test_consent_page_lists_both_companies_and_works_without_javascript(
    sandbox_url, http
):
    page = http.get(
        sandbox_url + "/quickbooks/connect/oauth2",
        params={
            "client_id": CLIENT[0],
            "response_type": "code",
            "scope": "com.intuit.quickbooks.accounting",
            "redirect_uri": REDIRECT,
            "state": "s1",
        },
    )
    assert page.status_code == 200
    assert "Sign in with Intuit" in page.text
    assert "sandbox" in page.text
    assert "Demo Services Ltd" in page.text and "Harbour Heating Ltd" in page.text
    assert 'type="radio"' in page.text and "<script" not in page.text
    assert page.headers["intuit_tid"]


@pytest.mark.parametrize("realm", [DEMO_REALM, SECOND_REALM])
def test_connect_redirects_with_code_state_and_realm(sandbox_url, http, realm):
    grant = authorize(http, sandbox_url, realm=realm, state="abc 123")
    assert grant["state"] == "abc 123"
    assert grant["realmId"] == realm
    assert grant["code"]


def test_code_exchange_gives_intuit_token_reply(sandbox_url, http):
    grant = authorize(http, sandbox_url)
    reply = tokens(http, sandbox_url, grant["code"])
    assert reply.status_code == 200
    body = reply.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["x_refresh_token_expires_in"] == 8726400
    assert body["access_token"] and body["refresh_token"]
    assert reply.headers["intuit_tid"]
    assert "realmId" not in body  # it only comes on the redirect
    # A code works once.
    again = tokens(http, sandbox_url, grant["code"])
    assert again.status_code == 400
    assert again.json() == {"error": "invalid_grant"}


def test_token_errors_are_oauth_json(sandbox_url, http):
    grant = authorize(http, sandbox_url)
    wrong_secret = tokens(http, sandbox_url, grant["code"], auth=(CLIENT[0], "nope"))
    assert wrong_secret.status_code == 401
    assert wrong_secret.json() == {"error": "invalid_client"}
    no_auth = http.post(sandbox_url + TOKEN_PATH, data={"grant_type": "refresh_token"})
    assert no_auth.json() == {"error": "invalid_client"}
    wrong_redirect = tokens(
        http, sandbox_url, grant["code"], redirect="http://127.0.0.1:1/other"
    )
    assert wrong_redirect.status_code == 400
    assert wrong_redirect.json() == {"error": "invalid_grant"}
    bad_type = http.post(
        sandbox_url + TOKEN_PATH, auth=CLIENT, data={"grant_type": "password"}
    )
    assert bad_type.status_code == 400
    assert bad_type.json() == {"error": "unsupported_grant_type"}
    unknown = tokens(http, sandbox_url, "not-a-code")
    assert unknown.json() == {"error": "invalid_grant"}


def refresh(http, base, token):
    return http.post(
        base + TOKEN_PATH,
        auth=CLIENT,
        data={"grant_type": "refresh_token", "refresh_token": token},
    )


def test_refresh_keeps_token_within_a_day_and_gives_new_access(sandbox_url, http):
    qbo = Qbo(http, sandbox_url)
    reply = refresh(http, sandbox_url, qbo.refresh)
    assert reply.status_code == 200
    body = reply.json()
    assert body["access_token"] != qbo.access
    assert body["refresh_token"] == qbo.refresh
    assert body["expires_in"] == 3600
    assert body["x_refresh_token_expires_in"] == 8726400
    bad = refresh(http, sandbox_url, "AB1-unknown")
    assert bad.status_code == 400
    assert bad.json()["error"] == "invalid_grant"


def test_refresh_rotates_when_old_enough_and_old_one_dies(
    sandbox_app, sandbox_url, http
):
    sandbox_app.config["QBO_REFRESH_ROTATE_SECONDS"] = 0
    qbo = Qbo(http, sandbox_url)
    rotated = refresh(http, sandbox_url, qbo.refresh).json()
    assert rotated["refresh_token"] != qbo.refresh
    dead = refresh(http, sandbox_url, qbo.refresh)
    assert dead.status_code == 400
    assert dead.json() == {
        "error": "invalid_grant",
        "error_description": "Incorrect or invalid refresh token",
    }
    assert refresh(http, sandbox_url, rotated["refresh_token"]).status_code == 200


@pytest.mark.parametrize("as_json", [True, False])
def test_revoke_ends_the_connection(sandbox_url, http, as_json):
    qbo = Qbo(http, sandbox_url)
    url = sandbox_url + "/quickbooks/oauth2/v1/tokens/revoke"
    body = {"token": qbo.refresh}
    reply = http.post(
        url, auth=CLIENT, **({"json": body} if as_json else {"data": body})
    )
    assert reply.status_code == 200
    assert refresh(http, sandbox_url, qbo.refresh).json()["error"] == "invalid_grant"
    assert qbo.get("customer/1").status_code == 401
    assert http.post(url, auth=(CLIENT[0], "x"), json=body).status_code == 401


def test_authorize_refuses_unknown_client_and_unregistered_redirect(sandbox_url, http):
    base = {
        "client_id": CLIENT[0],
        "response_type": "code",
        "scope": "com.intuit.quickbooks.accounting",
        "redirect_uri": REDIRECT,
        "state": "s",
    }
    url = sandbox_url + "/quickbooks/connect/oauth2"
    assert http.get(url, params={**base, "client_id": "other"}).status_code == 400
    outside = http.get(url, params={**base, "redirect_uri": "https://evil.example/cb"})
    assert outside.status_code == 400
    assert "not registered" in outside.text
    bad_scope = http.get(
        url, params={**base, "scope": "everything"}, allow_redirects=False
    )
    assert bad_scope.status_code == 302
    assert "error=invalid_scope" in bad_scope.headers["Location"]
    assert "state=s" in bad_scope.headers["Location"]
    denied = http.post(url, data={**base, "action": "deny"}, allow_redirects=False)
    assert "error=access_denied" in denied.headers["Location"]


def test_registered_redirect_uri_is_accepted(sandbox_app, sandbox_url, http):
    sandbox_app.config["REDIRECT_URIS"] = ["https://app.example/qbo/callback"]
    page = http.get(
        sandbox_url + "/quickbooks/connect/oauth2",
        params={
            "client_id": CLIENT[0],
            "response_type": "code",
            "scope": "com.intuit.quickbooks.accounting",
            "redirect_uri": "https://app.example/qbo/callback",
        },
    )
    assert page.status_code == 200


def test_discovery_document_points_at_this_sandbox(sandbox_url, http):
    reply = http.get(sandbox_url + "/quickbooks/.well-known/openid_configuration")
    assert reply.headers["intuit_tid"]
    doc = reply.json()
    assert doc["authorization_endpoint"] == sandbox_url + "/quickbooks/connect/oauth2"
    assert doc["token_endpoint"] == sandbox_url + TOKEN_PATH
    assert (
        doc["revocation_endpoint"]
        == sandbox_url + "/quickbooks/oauth2/v1/tokens/revoke"
    )
    assert doc["userinfo_endpoint"].startswith(sandbox_url + "/quickbooks/")
    assert "com.intuit.quickbooks.accounting" in doc["scopes_supported"]
    assert http.get(doc["jwks_uri"]).json() == {"keys": []}


def test_userinfo_needs_a_live_access_token(sandbox_url, http):
    qbo = Qbo(http, sandbox_url)
    url = sandbox_url + "/quickbooks/v1/openid_connect/userinfo"
    assert http.get(url, headers=qbo.headers()).json()["email"].endswith(".example")
    assert http.get(url).status_code == 401


def test_mounted_discovery_document_keeps_the_mount_prefix(sandbox_app):
    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from werkzeug.test import Client

    mounted = DispatcherMiddleware(lambda env, start: [], {"/sandbox": sandbox_app})
    reply = Client(mounted).get("/sandbox/quickbooks/.well-known/openid_configuration")
    doc = reply.get_json()
    assert doc["token_endpoint"] == "http://localhost/sandbox" + TOKEN_PATH


def test_admin_can_expire_refresh_tokens_too(sandbox_url, http):
    qbo = Qbo(http, sandbox_url)
    expired = http.post(
        sandbox_url + "/quickbooks/_admin/expire-tokens",
        json={"realm_id": DEMO_REALM, "refresh": True},
    )
    assert expired.json()["expired"] == 2
    assert refresh(http, sandbox_url, qbo.refresh).json()["error"] == "invalid_grant"
    log = http.get(sandbox_url + "/_admin/requests", params={"provider": "quickbooks"})
    token_calls = [e for e in log.json() if e["path"] == TOKEN_PATH]
    assert token_calls[0]["tenant"] == DEMO_REALM
