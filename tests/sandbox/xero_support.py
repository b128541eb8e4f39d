"""The Xero sandbox's OAuth flow and a connected API client, for tests/sandbox."""

import re
from urllib.parse import parse_qs, urlsplit

CLIENT = ("sandbox-xero-client", "sandbox-xero-secret")
REDIRECT = "http://127.0.0.1:8765/xero/callback"
SCOPE = (
    "openid profile email offline_access accounting.transactions "
    "accounting.contacts accounting.settings"
)
FIRST_ORG = "Demo Services Ltd"


class XeroApi:
    """A connected app: bearer token plus xero-tenant-id on every call."""

    def __init__(self, base, http, tokens, tenant_id):
        self.base, self.http, self.tokens, self.tenant_id = (
            base,
            http,
            tokens,
            tenant_id,
        )

    def headers(self, extra=None):
        return {
            "Authorization": f"Bearer {self.tokens['access_token']}",
            "xero-tenant-id": self.tenant_id,
            "Accept": "application/json",
            **(extra or {}),
        }

    def call(self, method, path, headers=None, **kwargs):
        url = f"{self.base}/xero/api.xro/2.0/{path.lstrip('/')}"
        return self.http.request(method, url, headers=self.headers(headers), **kwargs)

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def put(self, path, json, **kwargs):
        return self.call("PUT", path, json=json, **kwargs)

    def post(self, path, json, **kwargs):
        return self.call("POST", path, json=json, **kwargs)


def authorize_params(**overrides):
    params = {
        "response_type": "code",
        "client_id": CLIENT[0],
        "redirect_uri": REDIRECT,
        "scope": SCOPE,
        "state": "state-123",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def organisations(page_html):
    """(tenant id, name) pairs offered on the consent page."""
    return re.findall(r'name="tenant" value="([^"]+)"[^>]*> ([^<]+)</label>', page_html)


def get_code(base, http, tenant_names=(FIRST_ORG,), **overrides):
    params = authorize_params(**overrides)
    page = http.get(f"{base}/xero/identity/connect/authorize", params=params)
    assert page.status_code == 200
    chosen = [tid for tid, name in organisations(page.text) if name in tenant_names]
    reply = http.post(
        f"{base}/xero/identity/connect/authorize",
        data={**params, "tenant": chosen, "action": "allow"},
        allow_redirects=False,
    )
    assert reply.status_code == 302
    query = parse_qs(urlsplit(reply.headers["Location"]).query)
    assert query["state"] == [params["state"]]
    return query["code"][0]


def exchange(base, http, code, **form):
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    data.update(form)
    return http.post(f"{base}/xero/connect/token", data=data, auth=CLIENT)


def connect(base, http, tenant_name=FIRST_ORG):
    """Run the whole flow and return an API client for one organisation."""
    code = get_code(base, http, tenant_names=(tenant_name,))
    tokens = exchange(base, http, code).json()
    connections = http.get(
        f"{base}/xero/connections",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    ).json()
    tenant_id = next(
        c["tenantId"] for c in connections if c["tenantName"] == tenant_name
    )
    return XeroApi(base, http, tokens, tenant_id)


def refresh(base, http, token, auth=CLIENT):
    return http.post(
        f"{base}/xero/connect/token",
        data={"grant_type": "refresh_token", "refresh_token": token},
        auth=auth,
    )


def advance(base, http, seconds):
    http.post(f"{base}/xero/_admin/clock", json={"advance_seconds": seconds})
