"""Sandbox throughput: batch creates of invoices per second, server pinned to one core.

    python bench/sandbox.py [--batches N]

Starts the sandbox in its own process on a loopback port with a fresh SQLite
database, connects through each emulator's OAuth flow, then times batch creates:
QuickBooks `batch` with 30 invoices (its maximum), Xero `PUT /Invoices` with 50.
Target: at least 20 batch requests a second, so the sandbox never limits a sync bench.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
REDIRECT = "http://127.0.0.1:9/callback"
UNLIMITED = 10**9


def serve(port, database):
    """The sandbox process: one core, rate limits out of the way."""
    sys.path.insert(0, str(ROOT))
    os.sched_setaffinity(0, {0})
    from werkzeug.serving import run_simple

    from sandbox import create_sandbox_app

    limits = {
        name: UNLIMITED
        for name in (
            "XERO_MINUTE_LIMIT",
            "XERO_DAY_LIMIT",
            "XERO_CONCURRENT_LIMIT",
            "XERO_APP_MINUTE_LIMIT",
            "QBO_MINUTE_LIMIT",
            "QBO_CONCURRENT_LIMIT",
            "QBO_BATCH_MINUTE_LIMIT",
        )
    }
    app = create_sandbox_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", **limits}
    )
    run_simple("127.0.0.1", port, app, threaded=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def consent(http, url, params, extra):
    """Show the consent page, press Allow, return the redirect's query."""
    assert http.get(url, params=params).status_code == 200
    reply = http.post(url, data={**params, **extra}, allow_redirects=False)
    assert reply.status_code == 302, reply.text
    return {
        k: v[0] for k, v in parse_qs(urlsplit(reply.headers["Location"]).query).items()
    }


def quickbooks(http, base, batches):
    from sandbox.quickbooks.seed import DEMO_REALM

    params = {
        "client_id": "sandbox-quickbooks-client",
        "response_type": "code",
        "scope": "com.intuit.quickbooks.accounting",
        "redirect_uri": REDIRECT,
        "state": "bench",
    }
    grant = consent(
        http,
        base + "/quickbooks/connect/oauth2",
        params,
        {"realm_id": DEMO_REALM, "action": "allow"},
    )
    token = http.post(
        base + "/quickbooks/oauth2/v1/tokens/bearer",
        auth=("sandbox-quickbooks-client", "sandbox-quickbooks-secret"),
        data={
            "grant_type": "authorization_code",
            "code": grant["code"],
            "redirect_uri": REDIRECT,
        },
        headers={"Accept": "application/json"},
    ).json()["access_token"]
    api = f"{base}/quickbooks/v3/company/{DEMO_REALM}"
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def first(entity, where=""):
        reply = http.get(
            f"{api}/query",
            headers=headers,
            params={"query": f"select * from {entity} {where}".strip()},  # noqa: S608
        )
        return reply.json()["QueryResponse"][entity][0]["Id"]

    customer, item = first("Customer"), first("Item")
    tax = first("TaxCode", "where Name = '20.0% S'")

    def batch(n):
        items = [
            {
                "bId": str(i),
                "operation": "create",
                "Invoice": {
                    "CustomerRef": {"value": customer},
                    "DocNumber": f"B{n}-{i}",
                    "Line": [
                        {
                            "DetailType": "SalesItemLineDetail",
                            "Amount": 120.0,
                            "SalesItemLineDetail": {
                                "ItemRef": {"value": item},
                                "Qty": 2,
                                "UnitPrice": 60.0,
                                "TaxCodeRef": {"value": tax},
                            },
                        }
                    ],
                },
            }
            for i in range(30)
        ]
        reply = http.post(
            f"{api}/batch",
            json={"BatchItemRequest": items},
            headers=headers,
            params={"requestid": f"bench-{n}"},
        )
        assert reply.status_code == 200, reply.text[:500]
        assert all("Invoice" in r for r in reply.json()["BatchItemResponse"])

    return timed("QuickBooks batch of 30 invoices", batch, batches, 30)


def xero(http, base, batches):
    params = {
        "response_type": "code",
        "client_id": "sandbox-xero-client",
        "redirect_uri": REDIRECT,
        "state": "bench",
        "scope": "offline_access accounting.transactions accounting.contacts "
        "accounting.settings",
    }
    url = base + "/xero/identity/connect/authorize"
    page = http.get(url, params=params).text
    tenant = re.search(r'name="tenant" value="([^"]+)"', page).group(1)
    grant = consent(http, url, params, {"tenant": tenant, "action": "allow"})
    token = http.post(
        base + "/xero/connect/token",
        auth=("sandbox-xero-client", "sandbox-xero-secret"),
        data={
            "grant_type": "authorization_code",
            "code": grant["code"],
            "redirect_uri": REDIRECT,
        },
    ).json()["access_token"]
    headers = {
        "Authorization": f"Bearer {token}",
        "xero-tenant-id": tenant,
        "Accept": "application/json",
    }
    api = base + "/xero/api.xro/2.0"
    contact = http.get(f"{api}/Contacts", headers=headers).json()["Contacts"][0]

    def batch(n):
        invoices = [
            {
                "Type": "ACCREC",
                "Contact": {"ContactID": contact["ContactID"]},
                "InvoiceNumber": f"B{n}-{i}",
                "Date": "2026-11-02",
                "DueDate": "2026-12-02",
                "Status": "AUTHORISED",
                "LineItems": [
                    {
                        "Description": "Boiler service",
                        "Quantity": 2,
                        "UnitAmount": 85,
                        "AccountCode": "200",
                        "TaxType": "OUTPUT2",
                    }
                ],
            }
            for i in range(50)
        ]
        reply = http.put(
            f"{api}/Invoices",
            json={"Invoices": invoices},
            headers=headers,
            params={"summarizeErrors": "false"},
        )
        assert reply.status_code == 200, reply.text[:500]
        assert all(not i.get("HasErrors") for i in reply.json()["Invoices"])

    return timed("Xero PUT /Invoices with 50 invoices", batch, batches, 50)


def timed(label, call, batches, size):
    call(-1)  # warm up: first-use paths, SQLite page cache
    started = time.perf_counter()
    for n in range(batches):
        call(n)
    elapsed = time.perf_counter() - started
    rate = batches / elapsed
    print(
        f"{label}: {batches} requests in {elapsed:.2f} s = {rate:.1f} requests/s, "
        f"{rate * size:.0f} documents/s ({'meets' if rate >= 20 else 'BELOW'} 20/s)"
    )
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument(
        "--serve", nargs=2, metavar=("PORT", "DB"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1])
        return
    sys.path.insert(0, str(ROOT))
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--serve", str(port), f"{folder}/sandbox.db"],
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            with requests.Session() as http:
                deadline = time.monotonic() + 30
                while True:
                    try:
                        http.get(base + "/_admin/requests?limit=1", timeout=2)
                        break
                    except requests.ConnectionError:
                        if time.monotonic() > deadline or server.poll() is not None:
                            sys.exit("The sandbox did not start.")
                        time.sleep(0.1)
                xero(http, base, args.batches)
                quickbooks(http, base, args.batches)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
