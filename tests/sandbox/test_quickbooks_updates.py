"""QuickBooks sandbox: SyncToken on every kind of write, and change data capture.

The 5010 text is Intuit's (python-quickbooks#127, QuickBooks-V3-DotNET-SDK#366,
see shared/reference/provider-apis.md B3); CDC's order and limits follow
Intuit's ChangeDataCapture reference.
"""

import re
from datetime import date, timedelta

from tests.sandbox.quickbooks_support import fault

STALE = re.compile(
    r"Stale Object Error : You and (.+) were working on this at the same time\. "
    r"\1 finished before you did, so your work was not saved\.$"
)


def assert_stale(reply):
    error = fault(reply)
    assert (error["code"], error["Message"], error["element"]) == (
        "5010",
        "Stale Object Error",
        "",
    )
    assert STALE.match(error["Detail"]), error["Detail"]


def test_every_write_bumps_the_sync_token_and_refuses_an_old_one(qbo):
    customer = qbo.create("customer", {"DisplayName": "Token Works"})
    edit = {"Id": customer["Id"], "sparse": True, "CompanyName": "Token Works Ltd"}
    changed = qbo.create("customer", {**edit, "SyncToken": "0"})
    assert changed["SyncToken"] == "1"
    assert_stale(qbo.post("customer", {**edit, "SyncToken": "0"}))
    assert_stale(qbo.post("customer", {**edit, "SyncToken": "7"}))  # ahead is stale too
    invoice = qbo.invoice(customer=changed)
    for operation in ("delete", "void"):
        body = {"Id": invoice["Id"], "SyncToken": "1"}
        assert_stale(qbo.post("invoice", body, operation=operation))
    assert qbo.get(f"invoice/{invoice['Id']}").json()["Invoice"]["SyncToken"] == "0"
    voided = qbo.create(
        "invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="void"
    )
    assert voided["SyncToken"] == "1"


def test_a_stale_batch_item_faults_alone_with_5010(qbo):
    customer = qbo.create("customer", {"DisplayName": "Batch Token"})
    edit = {"Id": customer["Id"], "sparse": True}
    reply = qbo.post(
        "batch",
        {
            "BatchItemRequest": [
                {
                    "bId": "a",
                    "operation": "update",
                    "Customer": {**edit, "SyncToken": "0", "Notes": "one"},
                },
                {
                    "bId": "b",
                    "operation": "update",
                    "Customer": {**edit, "SyncToken": "0", "Notes": "two"},
                },
            ]
        },
    )
    assert reply.status_code == 200
    first, second = reply.json()["BatchItemResponse"]
    assert (first["bId"], first["Customer"]["SyncToken"]) == ("a", "1")
    assert first["Customer"]["Notes"] == "one"
    assert second["bId"] == "b" and set(second) == {"bId", "Fault"}
    assert second["Fault"]["type"] == "ValidationFault"
    [error] = second["Fault"]["Error"]
    assert error["code"] == "5010" and STALE.match(error["Detail"])


def cdc(qbo, entities, since):
    reply = qbo.get("cdc", entities=entities, changedSince=since)
    assert reply.status_code == 200, reply.text
    [response] = reply.json()["CDCResponse"]
    return response["QueryResponse"]


def test_cdc_lists_deleted_entities_after_live_ones(qbo):
    since = qbo.customer()["MetaData"]["LastUpdatedTime"]
    gone = qbo.invoice(DocNumber="CDC-GONE")
    kept = qbo.invoice(DocNumber="CDC-KEPT")
    qbo.create("invoice", {"Id": gone["Id"], "SyncToken": "0"}, operation="delete")
    # Updated after the delete, yet still listed before it.
    qbo.create(
        "invoice",
        {"Id": kept["Id"], "SyncToken": "0", "sparse": True, "PrivateNote": "later"},
    )
    [page] = cdc(qbo, "Invoice", since)
    assert [entity["Id"] for entity in page["Invoice"]] == [kept["Id"], gone["Id"]]
    assert (page["startPosition"], page["maxResults"]) == (1, 2)
    deleted = page["Invoice"][-1]
    assert set(deleted) == {"domain", "status", "Id", "MetaData"}
    assert deleted["status"] == "Deleted" and set(deleted["MetaData"]) == {
        "LastUpdatedTime"
    }


def test_cdc_entity_names_ignore_case_and_changed_since_may_be_a_date(qbo):
    invoice = qbo.invoice(DocNumber="CDC-CASE")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    invoices, customers = cdc(qbo, "invoice,CUSTOMER", yesterday)
    assert [entity["Id"] for entity in invoices["Invoice"]] == [invoice["Id"]]
    assert len(customers["Customer"]) >= 10  # the seeded ones
    assert fault(qbo.get("cdc", entities="Invoice", changedSince="soon"))["code"] == (
        "2010"
    )
