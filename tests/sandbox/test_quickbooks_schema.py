"""Every QuickBooks entity and reply the sandbox sends uses only XSD field names."""

import pytest

from sandbox.quickbooks import fields as sandbox_fields
from sandbox.quickbooks.payments import PAYMENT_LINE
from sandbox.quickbooks.seed import DEMO_REALM
from tests.sandbox import qbo_fields
from tests.sandbox.quickbooks_support import Qbo

pytestmark = pytest.mark.skipif(
    not qbo_fields.available(),
    reason=f"the Intuit XSDs are not at {qbo_fields.SPECS} (../shared is absent)",
)
ENTITIES = [
    "Invoice",
    "CreditMemo",
    "Payment",
    "Customer",
    "Item",
    "Account",
    "TaxCode",
    "TaxRate",
]


def check(reply):
    """The reply body is an IntuitResponse whose every key the XSDs define."""
    body = reply.json()
    bad = qbo_fields.unknown_keys(body, "IntuitResponse")
    assert not bad, f"{reply.request.method} {reply.request.url}: {bad}"
    return body


def test_the_xsd_reader_resolves_extensions():
    invoice = qbo_fields.entity_fields("Invoice")
    assert {
        "Id",
        "SyncToken",
        "MetaData",
        "domain",
        "sparse",
    } <= invoice  # IntuitEntity
    assert {"DocNumber", "TxnDate", "Line"} <= invoice  # Transaction
    assert {"CustomerRef", "TotalAmt", "Balance"} <= invoice  # SalesTransaction
    assert "RemainingCredit" not in invoice
    assert "RemainingCredit" in qbo_fields.entity_fields("CreditMemo")
    assert qbo_fields.fields("ReferenceType").keys() == {"value", "name", "type"}
    assert qbo_fields.unknown_keys({"Invoice": {"Nope": 1}}, "IntuitResponse") == [
        "Invoice.Nope"
    ]
    bad_enum = {"Invoice": {"PrintStatus": "Printed"}}
    assert qbo_fields.unknown_keys(bad_enum, "IntuitResponse") == [
        "Invoice.PrintStatus='Printed' (not in PrintStatusEnum)"
    ]


def test_sandbox_writable_fields_are_xsd_fields():
    for kind, names in sandbox_fields.WRITABLE.items():
        assert names <= qbo_fields.entity_fields(kind), kind
    assert sandbox_fields.ENVELOPE <= qbo_fields.entity_fields("Invoice")
    assert sandbox_fields.LINE | PAYMENT_LINE <= set(qbo_fields.fields("Line"))


def test_every_reply_uses_only_xsd_field_names(sandbox_url, http):
    qbo = Qbo(http, sandbox_url)
    for entity in ENTITIES[3:]:
        found = check(qbo.get("query", query="select * from " + entity))[  # noqa: S608 - QBO query text
            "QueryResponse"
        ]
        first = found[entity][0]
        check(qbo.get(f"{entity.lower()}/{first['Id']}"))
    check(qbo.get(f"companyinfo/{DEMO_REALM}"))
    check(qbo.get("preferences"))
    check(qbo.get("query", query="select * from Preferences"))
    customer = qbo.customer()
    invoice = check(
        qbo.post(
            "invoice",
            {
                "CustomerRef": {"value": customer["Id"]},
                "DocNumber": "X-1",
                "Line": [
                    qbo.line(qty=2, price=12.5),
                    {"DetailType": "DescriptionOnly", "Description": "Note"},
                ],
                "BillEmail": {"Address": "a@b.example"},
                "PrivateNote": "p",
            },
        )
    )["Invoice"]
    memo = check(
        qbo.post(
            "creditmemo",
            {"CustomerRef": {"value": customer["Id"]}, "Line": [qbo.line(price=5)]},
        )
    )["CreditMemo"]
    payment = check(
        qbo.post(
            "payment",
            {
                "CustomerRef": {"value": customer["Id"]},
                "TotalAmt": 30,
                "Line": [
                    {
                        "Amount": 30,
                        "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}],
                    },
                    {
                        "Amount": 6,
                        "LinkedTxn": [{"TxnId": memo["Id"], "TxnType": "CreditMemo"}],
                    },
                ],
            },
        )
    )["Payment"]
    for entity in ENTITIES[:3]:
        check(qbo.get("query", query="select * from " + entity))  # noqa: S608 - QBO query text
    check(qbo.get(f"invoice/{invoice['Id']}"))
    check(qbo.get(f"payment/{payment['Id']}"))
    check(
        qbo.post(
            "customer",
            {
                "DisplayName": "Schema Ltd",
                "GivenName": "S",
                "BillAddr": {"Line1": "1 Road", "PostalCode": "LS1 1AA"},
            },
        )
    )
    check(
        qbo.post("payment", {"Id": payment["Id"], "SyncToken": "0"}, operation="delete")
    )
    fresh = qbo.get(f"invoice/{invoice['Id']}").json()["Invoice"]
    check(
        qbo.post(
            "invoice",
            {"Id": invoice["Id"], "SyncToken": fresh["SyncToken"]},
            operation="void",
        )
    )
    check(qbo.get("query", query="select count(*) from Invoice"))
    check(qbo.get("cdc", entities=",".join(ENTITIES), changedSince="2000-01-01"))
    check(
        qbo.post(
            "batch",
            {
                "BatchItemRequest": [
                    {
                        "bId": "1",
                        "operation": "create",
                        "Customer": {"DisplayName": "Schema Ltd"},
                    },
                    {"bId": "2", "Query": "select * from Item"},
                    {
                        "bId": "3",
                        "operation": "create",
                        "Item": {
                            "Name": "Batch item",
                            "IncomeAccountRef": {"value": "1"},
                        },
                    },
                ]
            },
        )
    )
    for failing in (
        qbo.get("invoice/99999999"),
        qbo.get("query", query="select nonsense"),
        qbo.post("invoice", {"Line": []}),
    ):
        assert failing.status_code == 400
        check(failing)
