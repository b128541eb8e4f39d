"""Xero sandbox OAuth 2.0: authorize page, token grants, rotation, revocation."""

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.sandbox.xero_support import (
    CLIENT,
    FIRST_ORG,
    REDIRECT,
    SCOPE,
    XeroApi,
    advance,
    authorize_params,
    connect,
    exchange,
    get_code,
    organisations,
    refresh,
)

pytestmark = pytest.mark.usefixtures("xero_traffic_fits_the_spec")


def test_authorize_page_lists_both_organisations(sandbox_url, http):
    page = http.get(
        f"{sandbox_url}/xero/identity/connect/authorize", params=authorize_params()
    )
    assert page.status_code == 200
    assert "sandbox" in page.text.lower()
    assert "Allow access" in page.text
    names = [name for _tid, name in organisations(page.text)]
    assert names == ["Demo Services Ltd", "Demo Services (Second Site) Ltd"]


def test_full_flow_issues_tokens_and_connections(sandbox_url, http):
    code = get_code(
        sandbox_url, http, tenant_names=(FIRST_ORG, "Demo Services (Second Site) Ltd")
    )
    reply = exchange(sandbox_url, http, code)
    assert reply.status_code == 200
    assert reply.headers["Cache-Control"] == "no-store"
    tokens = reply.json()
    assert tokens["expires_in"] == 1800
    assert tokens["token_type"] == "Bearer"
    assert tokens["access_token"].count(".") == 2  # a JWT, like Xero's
    assert tokens["refresh_token"] and tokens["id_token"]
    assert tokens["scope"] == SCOPE
    connections = http.get(
        f"{sandbox_url}/xero/connections",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    ).json()
    assert {c["tenantName"] for c in connections} == {
        "Demo Services Ltd",
        "Demo Services (Second Site) Ltd",
    }
    first = connections[0]
    assert set(first) == {
        "id", "authEventId", "tenantId", "tenantType", "tenantName",
        "createdDateUtc", "updatedDateUtc",
    }  # fmt: skip
    assert first["tenantType"] == "ORGANISATION"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}", first["createdDateUtc"]
    )


def test_deny_redirects_with_access_denied(sandbox_url, http):
    params = authorize_params()
    reply = http.post(
        f"{sandbox_url}/xero/identity/connect/authorize",
        data={**params, "action": "deny"},
        allow_redirects=False,
    )
    query = parse_qs(urlsplit(reply.headers["Location"]).query)
    assert query == {"error": ["access_denied"], "state": ["state-123"]}


def test_allow_without_an_organisation_asks_again(sandbox_url, http):
    reply = http.post(
        f"{sandbox_url}/xero/identity/connect/authorize",
        data={**authorize_params(), "action": "allow"},
        allow_redirects=False,
    )
    assert reply.status_code == 400
    assert "Choose at least one organisation." in reply.text


def test_unknown_client_and_unregistered_redirect_show_an_error_page(sandbox_url, http):
    url = f"{sandbox_url}/xero/identity/connect/authorize"
    bad_client = http.get(url, params=authorize_params(client_id="nope"))
    assert bad_client.status_code == 400
    assert "unauthorized_client" in bad_client.text
    bad_uri = http.get(
        url,
        params=authorize_params(redirect_uri="https://evil.example/cb"),
        allow_redirects=False,
    )
    assert bad_uri.status_code == 400
    assert "Invalid redirect_uri" in bad_uri.text
    localhost = http.get(
        url, params=authorize_params(redirect_uri="http://localhost:5000/cb")
    )
    assert localhost.status_code == 200


def test_bad_response_type_and_scope_redirect_with_errors(sandbox_url, http):
    url = f"{sandbox_url}/xero/identity/connect/authorize"
    reply = http.get(
        url, params=authorize_params(response_type="token"), allow_redirects=False
    )
    assert "error=unsupported_response_type" in reply.headers["Location"]
    reply = http.get(
        url,
        params=authorize_params(scope="accounting.everything"),
        allow_redirects=False,
    )
    assert "error=invalid_scope" in reply.headers["Location"]


def test_wrong_secret_is_invalid_client(sandbox_url, http):
    code = get_code(sandbox_url, http)
    reply = http.post(
        f"{sandbox_url}/xero/connect/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
        },
        auth=(CLIENT[0], "wrong"),
    )
    assert reply.status_code == 400
    assert reply.json() == {"error": "invalid_client"}
    no_auth = http.post(
        f"{sandbox_url}/xero/connect/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
        },
    )
    assert no_auth.json() == {"error": "invalid_client"}


def test_code_is_single_use_and_replay_revokes_its_tokens(sandbox_url, http):
    code = get_code(sandbox_url, http)
    first = exchange(sandbox_url, http, code)
    assert first.status_code == 200
    again = exchange(sandbox_url, http, code)
    assert again.status_code == 400
    assert again.json() == {"error": "invalid_grant"}
    assert refresh(sandbox_url, http, first.json()["refresh_token"]).json() == {
        "error": "invalid_grant"
    }


def test_code_expires_after_five_minutes(sandbox_url, http):
    code = get_code(sandbox_url, http)
    advance(sandbox_url, http, 301)
    assert exchange(sandbox_url, http, code).json() == {"error": "invalid_grant"}


def test_redirect_uri_must_match(sandbox_url, http):
    code = get_code(sandbox_url, http)
    reply = exchange(
        sandbox_url, http, code, redirect_uri="http://127.0.0.1:8765/other"
    )
    assert reply.status_code == 400
    assert reply.json()["error"] == "invalid_grant"


def test_grant_type_errors(sandbox_url, http):
    url = f"{sandbox_url}/xero/connect/token"
    assert http.post(url, data={}, auth=CLIENT).json() == {"error": "invalid_request"}
    assert http.post(url, data={"grant_type": "password"}, auth=CLIENT).json() == {
        "error": "unsupported_grant_type"
    }
    assert http.post(
        url, data={"grant_type": "authorization_code"}, auth=CLIENT
    ).json() == {"error": "invalid_request"}


def pkce_pair():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


def test_pkce_verifier_is_checked_and_needs_no_secret(sandbox_url, http):
    verifier, challenge = pkce_pair()
    extra = {"code_challenge": challenge, "code_challenge_method": "S256"}
    code = get_code(sandbox_url, http, **extra)
    url = f"{sandbox_url}/xero/connect/token"
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": CLIENT[0],
    }
    bad = http.post(url, data={**form, "code_verifier": "x" * 50})
    assert bad.json() == {"error": "invalid_grant"}
    code = get_code(sandbox_url, http, **extra)
    good = http.post(url, data={**form, "code": code, "code_verifier": verifier})
    assert good.status_code == 200
    assert good.json()["access_token"]


def test_refresh_rotates_with_a_thirty_minute_grace(sandbox_url, http):
    api = connect(sandbox_url, http)
    old = api.tokens["refresh_token"]
    first = refresh(sandbox_url, http, old)
    assert first.status_code == 200
    new = first.json()
    assert new["refresh_token"] != old
    assert new["access_token"] != api.tokens["access_token"]
    advance(sandbox_url, http, 1700)
    assert refresh(sandbox_url, http, old).status_code == 200  # lost reply: grace
    advance(sandbox_url, http, 200)
    late = refresh(sandbox_url, http, old)
    assert late.status_code == 400
    assert late.json() == {"error": "invalid_grant"}
    assert refresh(sandbox_url, http, new["refresh_token"]).status_code == 200


def test_unused_refresh_token_expires_after_sixty_days(sandbox_url, http):
    api = connect(sandbox_url, http)
    advance(sandbox_url, http, 59 * 86400)
    fresh = refresh(sandbox_url, http, api.tokens["refresh_token"]).json()
    advance(sandbox_url, http, 60 * 86400 + 1)
    assert refresh(sandbox_url, http, fresh["refresh_token"]).json() == {
        "error": "invalid_grant"
    }


def test_refresh_from_form_credentials_like_xero_python(sandbox_url, http):
    api = connect(sandbox_url, http)
    reply = http.post(
        f"{sandbox_url}/xero/connect/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": api.tokens["refresh_token"],
            "client_id": CLIENT[0],
            "client_secret": CLIENT[1],
        },
    )
    assert reply.status_code == 200


def test_access_token_expires_after_thirty_minutes(sandbox_url, http):
    api = connect(sandbox_url, http)
    assert api.get("Organisation").status_code == 200
    advance(sandbox_url, http, 1801)
    reply = api.get("Organisation")
    assert reply.status_code == 401
    body = reply.json()
    assert body["Title"] == "Unauthorized"
    assert re.fullmatch(
        r"TokenExpired: token expired at \d\d/\d\d/\d{4} \d\d:\d\d:\d\d", body["Detail"]
    )


def test_admin_can_expire_all_tokens(sandbox_url, http):
    api = connect(sandbox_url, http)
    http.post(f"{sandbox_url}/xero/_admin/expire-tokens")
    assert api.get("Organisation").json()["Detail"].startswith("TokenExpired")
    renewed = refresh(sandbox_url, http, api.tokens["refresh_token"]).json()
    api.tokens = renewed
    assert api.get("Organisation").status_code == 200


def test_revocation_drops_tokens_and_connections(sandbox_url, http):
    api = connect(sandbox_url, http)
    reply = http.post(
        f"{sandbox_url}/xero/connect/revocation",
        data={"token": api.tokens["refresh_token"]},
        auth=CLIENT,
    )
    assert reply.status_code == 200
    assert reply.text == ""
    assert refresh(sandbox_url, http, api.tokens["refresh_token"]).json() == {
        "error": "invalid_grant"
    }
    assert api.get("Organisation").status_code == 401
    missing = http.post(f"{sandbox_url}/xero/connect/revocation", data={}, auth=CLIENT)
    assert missing.json() == {"error": "invalid_request"}


def test_delete_connection_then_tenant_is_forbidden(sandbox_url, http):
    api = connect(sandbox_url, http)
    bearer = {"Authorization": f"Bearer {api.tokens['access_token']}"}
    connections = http.get(f"{sandbox_url}/xero/connections", headers=bearer).json()
    url = f"{sandbox_url}/xero/connections/{connections[0]['id']}"
    assert http.delete(url, headers=bearer).status_code == 204
    assert http.delete(url, headers=bearer).status_code == 404
    assert http.get(f"{sandbox_url}/xero/connections", headers=bearer).json() == []
    reply = api.get("Organisation")
    assert reply.status_code == 403
    assert reply.json()["Detail"] == "AuthenticationUnsuccessful"


def test_connections_need_a_valid_token(sandbox_url, http):
    reply = http.get(
        f"{sandbox_url}/xero/connections", headers={"Authorization": "Bearer nope"}
    )
    assert reply.status_code == 401
    assert reply.json()["Detail"] == "AuthenticationUnsuccessful"


def test_scopes_limit_what_a_token_may_call(sandbox_url, http):
    code = get_code(
        sandbox_url,
        http,
        scope="offline_access accounting.contacts.read accounting.invoices",
    )
    tokens = exchange(sandbox_url, http, code).json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    tenant_id = http.get(f"{sandbox_url}/xero/connections", headers=bearer).json()[0]
    api = XeroApi(sandbox_url, http, tokens, tenant_id["tenantId"])
    assert api.get("Contacts").status_code == 200
    assert api.get("Invoices").status_code == 200
    refused = api.put("Contacts", {"Contacts": [{"Name": "Scope Test Ltd"}]})
    assert refused.status_code == 401
    assert refused.json()["Detail"] == "AuthorizationUnsuccessful"
    assert api.get("Payments").status_code == 401
    assert api.get("Organisation").status_code == 401
