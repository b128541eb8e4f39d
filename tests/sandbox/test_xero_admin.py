"""Xero sandbox admin operations and account changes through the API."""

import pytest

from tests.sandbox.test_xero_invoices import invoice, messages

pytestmark = pytest.mark.usefixtures("xero_traffic_fits_the_spec")


def test_archived_account_is_refused_on_new_lines(api):
    accounts = {a["Code"]: a for a in api.get("Accounts").json()["Accounts"]}
    reply = api.post(
        f"Accounts/{accounts['260']['AccountID']}",
        {"Accounts": [{"Status": "ARCHIVED"}]},
    )
    assert reply.json()["Accounts"][0]["Status"] == "ARCHIVED"
    line = {"Description": "x", "Quantity": 1, "UnitAmount": 5, "AccountCode": "260"}
    refused = api.put("Invoices", {"Invoices": [invoice(api, lines=[line])]})
    assert messages(refused.json()["Elements"][0]) == [
        "Account code '260' is not a valid code for this document."
    ]
    system = api.post(
        f"Accounts/{accounts['610']['AccountID']}",
        {"Accounts": [{"Status": "ARCHIVED"}]},
    )
    assert system.status_code == 400


def test_reset_puts_the_organisation_back(api, sandbox_url, http):
    api.put("Invoices", {"Invoices": [invoice(api, InvoiceNumber="GONE-1")]})
    reply = http.post(f"{sandbox_url}/xero/_admin/organisations/{api.tenant_id}/reset")
    assert reply.status_code == 200
    numbers = [i["InvoiceNumber"] for i in api.get("Invoices").json()["Invoices"]]
    assert numbers == ["INV-0001", "INV-0002", "INV-00003"]


def test_admin_input_is_checked(api, sandbox_url, http):
    base = f"{sandbox_url}/xero/_admin"
    assert (
        http.put(
            f"{base}/organisations/{api.tenant_id}/lock-dates",
            json={"PeriodLockDate": "31/10/2026"},
        ).status_code
        == 400
    )
    assert http.put(f"{base}/organisations/nope/lock-dates", json={}).status_code == 404
    assert (
        http.post(f"{base}/clock", json={"advance_seconds": "soon"}).status_code == 400
    )
    assert http.get(f"{base}/clock").json()["offset_seconds"] == 0.0
