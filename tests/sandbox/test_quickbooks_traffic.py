"""QuickBooks sandbox traffic: batch, requestid replays, throttles, faults, overview."""

import threading

import pytest
import requests

from tests.sandbox.quickbooks_support import fault


def test_batch_items_succeed_or_fail_on_their_own(qbo):
    invoice = qbo.invoice(DocNumber="B-1")
    reply = qbo.post(
        "batch",
        {
            "BatchItemRequest": [
                {
                    "bId": "bid1",
                    "operation": "create",
                    "Customer": {"DisplayName": "Intuit Inc."},
                },
                {
                    "bId": "bid2",
                    "operation": "update",
                    "Invoice": {
                        "Id": invoice["Id"],
                        "SyncToken": "7",
                        "sparse": True,
                        "DueDate": "2026-07-01",
                    },
                },
                {
                    "bId": "bid3",
                    "operation": "update",
                    "Invoice": {
                        "Id": invoice["Id"],
                        "SyncToken": "0",
                        "sparse": True,
                        "DueDate": "2026-07-01",
                    },
                },
                {
                    "bId": "bid4",
                    "Query": "select * from Customer where DisplayName = 'Intuit Inc.'",
                },
                {
                    "bId": "bid5",
                    "operation": "delete",
                    "Invoice": {"Id": invoice["Id"], "SyncToken": "1"},
                },
            ]
        },
    )
    assert reply.status_code == 200
    items = {item["bId"]: item for item in reply.json()["BatchItemResponse"]}
    assert items["bid1"]["Customer"]["DisplayName"] == "Intuit Inc."
    stale = items["bid2"]["Fault"]
    assert stale["type"] == "ValidationFault"
    assert stale["Error"][0]["code"] == "5010"
    assert items["bid3"]["Invoice"]["DueDate"] == "2026-07-01"
    assert items["bid4"]["QueryResponse"]["Customer"][0]["DisplayName"] == "Intuit Inc."
    assert items["bid5"]["Invoice"] == {
        "domain": "QBO",
        "status": "Deleted",
        "Id": invoice["Id"],
    }


def test_batch_requestid_replays_the_whole_batch(qbo):
    body = {
        "BatchItemRequest": [
            {"bId": "1", "operation": "create", "Customer": {"DisplayName": "Once Ltd"}}
        ]
    }
    first = qbo.post("batch", body, requestid="batch-1")
    again = qbo.post("batch", body, requestid="batch-1")
    assert again.json() == first.json()
    assert "Customer" in again.json()["BatchItemResponse"][0]


def test_batch_of_more_than_30_gets_1040(qbo):
    items = [{"bId": str(n), "Query": "select * from Item"} for n in range(31)]
    error = fault(qbo.post("batch", {"BatchItemRequest": items}))
    assert error["code"] == "1040"
    assert error["Message"] == "Batch size exceeds allowed limit"
    items.pop()
    assert qbo.post("batch", {"BatchItemRequest": items}).status_code == 200


def test_batch_item_with_duplicate_name_faults_alone(qbo):
    reply = qbo.post(
        "batch",
        {
            "BatchItemRequest": [
                {
                    "bId": "a",
                    "operation": "create",
                    "Customer": {"DisplayName": "Twice Ltd"},
                },
                {
                    "bId": "b",
                    "operation": "create",
                    "Customer": {"DisplayName": "Twice Ltd"},
                },
            ]
        },
    )
    first, second = reply.json()["BatchItemResponse"]
    assert "Customer" in first
    assert second["Fault"]["Error"][0]["code"] == "6240"


def test_requestid_replays_the_first_reply(qbo, sandbox_url):
    body = {"CustomerRef": {"value": qbo.customer()["Id"]}, "Line": [qbo.line(price=9)]}
    first = qbo.post("invoice", body, requestid="rq-1")
    again = qbo.post("invoice", {**body, "PrivateNote": "changed"}, requestid="rq-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    count = qbo.query("select count(*) from Invoice")["totalCount"]
    assert count == 1
    failed = qbo.post("invoice", {"Line": []}, requestid="rq-2")
    assert qbo.post("invoice", body, requestid="rq-2").json() == failed.json()
    log = qbo.http.get(
        sandbox_url + "/_admin/requests", params={"provider": "quickbooks"}
    ).json()
    assert any(entry["request_id"] == "rq-1" for entry in log)
    assert all(
        entry["tenant"] == qbo.realm for entry in log if entry["request_id"] == "rq-1"
    )


def throttle_fault(reply):
    assert reply.status_code == 429
    assert reply.headers["Content-Type"].startswith("application/xml")
    assert '<Error code="3001">' in reply.text
    assert "ThrottleExceeded" in reply.text
    assert reply.headers["intuit_tid"]


def test_minute_limit_gives_429_then_recovers(sandbox_app, qbo):
    sandbox_app.config["QBO_MINUTE_LIMIT"] = 3
    replies = [qbo.get("query", query="select * from Item") for _ in range(10)]
    limited = [r for r in replies if r.status_code == 429]
    assert limited
    throttle_fault(limited[0])
    # A minute later the realm is served again.
    sandbox_app.config["QBO_CLOCK_OFFSET"] = 60
    assert qbo.get("query", query="select * from Item").status_code == 200


def test_batch_calls_have_their_own_minute_limit(sandbox_app, qbo):
    sandbox_app.config["QBO_BATCH_MINUTE_LIMIT"] = 2
    body = {"BatchItemRequest": [{"bId": "1", "Query": "select * from Item"}]}
    replies = [qbo.post("batch", body) for _ in range(8)]
    assert any(r.status_code == 429 for r in replies)


def test_too_many_at_once_gets_429(sandbox_app, sandbox_url, qbo):
    sandbox_app.config["QBO_CONCURRENT_LIMIT"] = 1
    qbo.http.put(
        f"{sandbox_url}/_admin/faults/quickbooks/{qbo.realm}", json={"latency_ms": 400}
    )
    statuses = []

    def call():
        reply = requests.get(
            f"{qbo.url}/query",
            params={"query": "select * from Item"},
            headers=qbo.headers(),
            timeout=10,
        )
        statuses.append(reply.status_code)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 429 in statuses and 200 in statuses


def test_injected_faults_map_to_qbo_replies(sandbox_app, sandbox_url, qbo):
    url = f"{sandbox_url}/_admin/faults/quickbooks/{qbo.realm}"
    qbo.http.put(url, json={"throttle_burst": 2})
    throttle_fault(qbo.get("query", query="select * from Item"))
    throttle_fault(qbo.get("query", query="select * from Item"))
    assert qbo.get("query", query="select * from Item").status_code == 200
    qbo.http.put(url, json={"error_rate": 1.0})
    broken = qbo.get("query", query="select * from Item")
    assert broken.status_code in (500, 503)
    assert broken.json()["Fault"]["type"] == "SystemFault"
    sandbox_app.config["FAULT_HANG_SECONDS"] = 0.05
    qbo.http.put(url, json={"error_rate": 0, "timeout_rate": 1.0})
    assert qbo.get("query", query="select * from Item").status_code == 504
    qbo.http.put(url, json={"timeout_rate": 0, "reset_rate": 1.0})
    with pytest.raises(requests.exceptions.RequestException):
        requests.get(
            f"{qbo.url}/query",
            params={"query": "select * from Item"},
            headers=qbo.headers(),
            timeout=5,
        )
    qbo.http.delete(url)
    assert qbo.get("query", query="select * from Item").status_code == 200


def test_home_page_shows_what_arrived(sandbox_url, qbo):
    customer = qbo.customer()
    invoice = qbo.invoice(customer, DocNumber="SHOW-1", TxnDate="2026-03-05")
    qbo.create(
        "payment",
        {
            "CustomerRef": {"value": customer["Id"]},
            "TotalAmt": 20,
            "Line": [
                {
                    "Amount": 20,
                    "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}],
                }
            ],
        },
    )
    page = qbo.http.get(sandbox_url + "/").text
    assert "QuickBooks Online" in page
    assert "Demo Services Ltd" in page and "Harbour Heating Ltd" in page
    assert "SHOW-1" in page and "05/03/2026" in page
    assert "£120.00" in page and "£100.00" in page
    assert f"Invoice {invoice['Id']}" in page


def test_reset_puts_the_company_back(sandbox_url, qbo):
    qbo.invoice(DocNumber="GONE-1")
    reply = qbo.http.post(
        f"{sandbox_url}/quickbooks/_admin/companies/{qbo.realm}/reset"
    )
    assert reply.status_code == 200
    assert qbo.query("select count(*) from Invoice") == {"totalCount": 0}
    assert qbo.customer()
    assert (
        qbo.http.post(f"{sandbox_url}/quickbooks/_admin/companies/1/reset").status_code
        == 404
    )


def test_change_data_capture_includes_deleted(qbo):
    before = qbo.get(
        "cdc", entities="Invoice,Customer", changedSince="2000-01-01T00:00:00Z"
    )
    seeded = before.json()["CDCResponse"][0]["QueryResponse"]
    assert seeded[0] == {} and len(seeded[1]["Customer"]) >= 10
    stamp = qbo.customer()["MetaData"]["LastUpdatedTime"]
    kept = qbo.invoice(DocNumber="CDC-1")
    gone = qbo.invoice(DocNumber="CDC-2")
    qbo.create("invoice", {"Id": gone["Id"], "SyncToken": "0"}, operation="delete")
    reply = qbo.get("cdc", entities="Invoice", changedSince=stamp)
    [invoices] = reply.json()["CDCResponse"][0]["QueryResponse"]
    by_id = {entity["Id"]: entity for entity in invoices["Invoice"]}
    assert by_id[kept["Id"]]["DocNumber"] == "CDC-1"
    assert by_id[gone["Id"]]["status"] == "Deleted"
    assert fault(qbo.get("cdc", entities="Invoice"))["code"] == "2020"
    assert fault(qbo.get("cdc", entities="Bogus", changedSince=stamp))["code"] == "2010"
