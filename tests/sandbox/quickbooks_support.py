"""Helpers the QuickBooks sandbox tests share: the OAuth dance and API calls.

No tests live here; the name lets the QuickBooks test files import it.
"""

import re
from urllib.parse import parse_qs, urlsplit

from sandbox.quickbooks.seed import DEMO_REALM

CLIENT = ("sandbox-quickbooks-client", "sandbox-quickbooks-secret")
REDIRECT = "http://127.0.0.1:9999/callback"
VAT_20 = "20.0% S"


def authorize(http, base, realm=DEMO_REALM, state="xyz", scope=None):
    """Press Connect on the consent page; returns the redirect's query params."""
    params = {
        "client_id": CLIENT[0],
        "response_type": "code",
        "scope": scope or "com.intuit.quickbooks.accounting openid",
        "redirect_uri": REDIRECT,
        "state": state,
    }
    page = http.get(base + "/quickbooks/connect/oauth2", params=params)
    assert page.status_code == 200, page.text
    reply = http.post(
        base + "/quickbooks/connect/oauth2",
        data={**params, "realm_id": realm, "action": "allow"},
        allow_redirects=False,
    )
    assert reply.status_code == 302
    location = reply.headers["Location"]
    assert location.startswith(REDIRECT)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def tokens(http, base, code, redirect=REDIRECT, auth=CLIENT):
    return http.post(
        base + "/quickbooks/oauth2/v1/tokens/bearer",
        auth=auth,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect,
        },
        headers={"Accept": "application/json"},
    )


class Qbo:
    """A connected client for one realm, speaking the v3 API over HTTP."""

    def __init__(self, http, base, realm=DEMO_REALM):
        self.http, self.base, self.realm = http, base, realm
        grant = authorize(http, base, realm)
        reply = tokens(http, base, grant["code"]).json()
        self.access, self.refresh = reply["access_token"], reply["refresh_token"]
        self.url = f"{base}/quickbooks/v3/company/{realm}"

    def headers(self):
        return {"Authorization": f"Bearer {self.access}", "Accept": "application/json"}

    def get(self, path, **params):
        params.setdefault("minorversion", "75")
        return self.http.get(
            f"{self.url}/{path}", params=params, headers=self.headers()
        )

    def post(self, path, body, **params):
        params.setdefault("minorversion", "75")
        return self.http.post(
            f"{self.url}/{path}", json=body, params=params, headers=self.headers()
        )

    def query(self, text):
        reply = self.get("query", query=text)
        assert reply.status_code == 200, reply.text
        return reply.json()["QueryResponse"]

    def one(self, entity, where):
        found = self.query(f"select * from {entity} where " + where)  # noqa: S608 - QBO query text
        assert found, f"no {entity} where {where}"
        return found[entity][0]

    def create(self, resource, body, **params):
        reply = self.post(resource, body, **params)
        assert reply.status_code == 200, reply.text
        return next(v for k, v in reply.json().items() if k != "time")

    def customer(self, name=None):
        if name is None:
            return self.query("select * from Customer")["Customer"][0]
        return self.one("Customer", f"DisplayName = '{name}'")

    def item(self, name="Annual boiler service"):
        return self.one("Item", f"Name = '{name}'")

    def tax_code(self, name=VAT_20):
        return self.one("TaxCode", f"Name = '{name}'")

    def line(self, qty=1, price=None, item=None, tax=None, amount=None):
        detail = {
            "ItemRef": {"value": (item or self.item())["Id"]},
            "Qty": qty,
            "TaxCodeRef": {"value": (tax or self.tax_code())["Id"]},
        }
        if price is not None:
            detail["UnitPrice"] = price
        line = {"DetailType": "SalesItemLineDetail", "SalesItemLineDetail": detail}
        if amount is not None:
            line["Amount"] = amount
        return line

    def invoice(self, customer=None, lines=None, resource="invoice", **fields):
        body = {
            "CustomerRef": {"value": (customer or self.customer())["Id"]},
            "Line": lines or [self.line(price=100)],
            **fields,
        }
        return self.create(resource, body)


def fault(reply, status=400):
    """The single Error of a service Fault reply, after checking the envelope."""
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert set(body) == {"Fault", "time"}
    assert re.match(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[-+]\d\d:\d\d$", body["time"]
    )
    assert body["Fault"]["type"] == "ValidationFault"
    [error] = body["Fault"]["Error"]
    assert set(error) == {"Message", "Detail", "code", "element"}
    return error
