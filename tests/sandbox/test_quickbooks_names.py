"""QuickBooks sandbox name lists: customers, items and accounts, unique names."""

from demo.data import FIRST, SECOND
from tests.sandbox.quickbooks_support import fault


def test_customer_create_and_6240_including_inactive(qbo):
    created = qbo.create(
        "customer",
        {
            "DisplayName": "New Client Ltd",
            "PrimaryEmailAddr": {"Address": "a@b.example"},
        },
    )
    assert created["Active"] is True and created["Balance"] == 0
    assert created["FullyQualifiedName"] == "New Client Ltd"
    assert created["CurrencyRef"]["value"] == "GBP"
    for name in (
        "New Client Ltd",
        "new client ltd",
        f"{FIRST[10]} {SECOND[(10 * 7) % len(SECOND)]}",
    ):
        error = fault(qbo.post("customer", {"DisplayName": name}))
        assert error["code"] == "6240"
        assert error["Message"] == "Duplicate Name Exists Error"
        assert error["Detail"] == (
            "The name supplied already exists. : Another customer, vendor or "
            "employee is already using this name."
        )
    # Inner spacing makes a different name.
    assert qbo.create("customer", {"DisplayName": "New  Client Ltd"})


def test_customer_deactivate_by_sparse_update(qbo):
    customer = qbo.create("customer", {"GivenName": "Jo", "FamilyName": "Bloggs"})
    assert customer["DisplayName"] == "Jo Bloggs"
    done = qbo.create(
        "customer",
        {"Id": customer["Id"], "SyncToken": "0", "sparse": True, "Active": False},
    )
    assert done["Active"] is False and done["GivenName"] == "Jo"
    error = fault(
        qbo.post(
            "customer", {"Id": customer["Id"], "SyncToken": "0"}, operation="delete"
        )
    )
    assert error["code"] == "500"


def test_items_and_accounts_can_be_added(qbo):
    income = qbo.one("Account", "Name = 'Sales - service calls'")  # AcctNum 4000
    item = qbo.create(
        "item",
        {
            "Name": "Gas safety certificate",
            "UnitPrice": 65,
            "IncomeAccountRef": {"value": income["Id"]},
        },
    )
    assert item["Type"] == "Service" and item["UnitPrice"] == 65
    assert (
        fault(
            qbo.post(
                "item",
                {
                    "Name": "Gas safety certificate",
                    "IncomeAccountRef": {"value": income["Id"]},
                },
            )
        )["code"]
        == "6240"
    )
    assert fault(qbo.post("item", {"Name": "No account"}))["code"] == "2020"
    account = qbo.create(
        "account",
        {"Name": "Sales - call-out fees", "AccountType": "Income", "AcctNum": "4030"},
    )
    assert account["Classification"] == "Revenue"
    assert (
        fault(qbo.post("account", {"Name": "X", "AccountType": "Nope"}))["code"]
        == "2170"
    )
