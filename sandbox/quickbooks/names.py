"""Name lists: customers, items and accounts (unique names, never deleted)."""

import sqlalchemy as sa

from sandbox.quickbooks import store
from sandbox.quickbooks.envelopes import (
    DUPLICATE_NAME_DETAIL,
    QboError,
    invalid_reference,
    required,
)
from sandbox.quickbooks.fields import decimal, ref_value
from sandbox.quickbooks.models import QboEntity
from sandbox.storage import sandbox_db

DUPLICATE_DETAILS = {
    "Customer": DUPLICATE_NAME_DETAIL,
    "Item": "The name supplied already exists. : Another product or service is "
    "already using this name.",
    "Account": "The name supplied already exists. : Another account is already "
    "using this name.",
}
CLASSIFICATIONS = {
    "Bank": "Asset",
    "Accounts Receivable": "Asset",
    "Other Current Asset": "Asset",
    "Fixed Asset": "Asset",
    "Other Asset": "Asset",
    "Accounts Payable": "Liability",
    "Credit Card": "Liability",
    "Other Current Liability": "Liability",
    "Long Term Liability": "Liability",
    "Equity": "Equity",
    "Income": "Revenue",
    "Other Income": "Revenue",
    "Cost of Goods Sold": "Expense",
    "Expense": "Expense",
    "Other Expense": "Expense",
    "Non-Posting": "Expense",
}
ITEM_TYPES = ("Service", "NonInventory", "Inventory")


def duplicate(kind):
    return QboError(6240, "Duplicate Name Exists Error", DUPLICATE_DETAILS[kind], "")


def check_unique(realm_id, kind, name, row):
    """6240 when the name is taken, by an inactive entry too."""
    key = store.name_key(kind, name)
    other = sandbox_db.session.scalar(
        sa.select(QboEntity.id).where(
            QboEntity.realm_id == realm_id, QboEntity.name_key == key
        )
    )
    if other is not None and (row is None or other != row.id):
        raise duplicate(kind)
    return key


def check_ref(realm_id, data, key, kind):
    ref_id = ref_value(data, key)
    if ref_id is None:
        return None
    found = store.get(realm_id, kind, ref_id)
    if found is None or not found.active:
        raise invalid_reference(key)
    return found


def build(realm_id, kind, data, row):
    """Validate a name-list entity; returns (body, columns)."""
    return {"Customer": customer, "Item": item, "Account": account}[kind](
        realm_id, data, row
    )


def customer(realm_id, data, row):
    name = (data.get("DisplayName") or "").strip()
    if not name:
        parts = [
            data.get(k) for k in ("Title", "GivenName", "MiddleName", "FamilyName")
        ]
        name = (
            " ".join(p.strip() for p in parts if p)
            or (data.get("CompanyName") or "").strip()
        )
    if not name:
        raise required("DisplayName")
    key = check_unique(realm_id, "Customer", name, row)
    check_ref(realm_id, data, "DefaultTaxCodeRef", "TaxCode")
    active = data.get("Active", True) is not False
    body = {
        "Job": False,
        "BillWithParent": False,
        "PreferredDeliveryMethod": "Print",
        **data,
        "CurrencyRef": store.GBP,
        "FullyQualifiedName": name,
        "DisplayName": name,
        "PrintOnCheckName": data.get("PrintOnCheckName") or name,
        "Active": active,
    }
    return body, {"name_key": key, "active": active}


def item(realm_id, data, row):
    name = (data.get("Name") or "").strip()
    if not name:
        raise required("Name")
    key = check_unique(realm_id, "Item", name, row)
    item_type = data.get("Type") or "Service"
    if item_type not in ITEM_TYPES:
        raise QboError(
            2170, "Invalid Enumeration", f"Invalid Enumeration : {item_type}", "Type"
        )
    if check_ref(realm_id, data, "IncomeAccountRef", "Account") is None:
        raise required("IncomeAccountRef")
    check_ref(realm_id, data, "ExpenseAccountRef", "Account")
    check_ref(realm_id, data, "SalesTaxCodeRef", "TaxCode")
    check_ref(realm_id, data, "PurchaseTaxCodeRef", "TaxCode")
    price = decimal(data.get("UnitPrice"), "UnitPrice") or 0
    active = data.get("Active", True) is not False
    body = {
        "TrackQtyOnHand": False,
        **data,
        "Name": name,
        "FullyQualifiedName": name,
        "Type": item_type,
        "UnitPrice": float(price),
        "Active": active,
    }
    return body, {"name_key": key, "active": active}


def account(realm_id, data, row):
    name = (data.get("Name") or "").strip()
    if not name:
        raise required("Name")
    key = check_unique(realm_id, "Account", name, row)
    account_type = data.get("AccountType")
    if not account_type:
        raise required("AccountType")
    if account_type not in CLASSIFICATIONS:
        raise QboError(
            2170,
            "Invalid Enumeration",
            f"Invalid Enumeration : {account_type}",
            "AccountType",
        )
    active = data.get("Active", True) is not False
    body = {
        "SubAccount": False,
        **data,
        "Name": name,
        "FullyQualifiedName": name,
        "Active": active,
        "Classification": CLASSIFICATIONS[account_type],
        "CurrentBalance": 0,
        "CurrentBalanceWithSubAccounts": 0,
        "CurrencyRef": store.GBP,
    }
    return body, {"name_key": key, "active": active}
