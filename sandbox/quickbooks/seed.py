"""A UK company with a chart of accounts, VAT codes, items and customers.

The customers overlap the app's demo customers: some exactly, some only after
ignoring case or spaces, one made inactive (which still blocks its name, 6240).
"""

from demo.data import FIRST, NOMINAL_CODES, SECOND, SERVICES
from sandbox.quickbooks import store
from sandbox.quickbooks.models import QboCompany
from sandbox.storage import sandbox_db

DEMO_REALM = "9341453071485611"
SECOND_REALM = "9341453071485622"
COMPANIES = [(DEMO_REALM, "Demo Services Ltd"), (SECOND_REALM, "Harbour Heating Ltd")]

# Our nominal kinds -> (AccountType, AccountSubType, Classification).
ACCOUNT_TYPES = {
    "0030": ("Fixed Asset", "MachineryAndEquipment", "Asset"),
    "0050": ("Fixed Asset", "Vehicles", "Asset"),
    "1100": ("Accounts Receivable", "AccountsReceivable", "Asset"),
    "1200": ("Bank", "Checking", "Asset"),
    "1210": ("Bank", "Savings", "Asset"),
    "2100": ("Accounts Payable", "AccountsPayable", "Liability"),
    "2200": ("Other Current Liability", "GlobalTaxPayable", "Liability"),
    "3000": ("Equity", "OwnersEquity", "Equity"),
    "3200": ("Equity", "RetainedEarnings", "Equity"),
    "4000": ("Income", "ServiceFeeIncome", "Revenue"),
    "4010": ("Income", "SalesOfProductIncome", "Revenue"),
    "4020": ("Income", "ServiceFeeIncome", "Revenue"),
    "4900": ("Other Income", "OtherMiscellaneousIncome", "Revenue"),
    "5000": ("Cost of Goods Sold", "SuppliesMaterialsCogs", "Expense"),
    "5100": ("Cost of Goods Sold", "CostOfLabourCos", "Expense"),
    "7100": ("Expense", "RentOrLeaseOfBuildings", "Expense"),
    "7200": ("Expense", "Utilities", "Expense"),
    "7300": ("Expense", "Auto", "Expense"),
    "7500": ("Expense", "OfficeGeneralAdministrativeExpenses", "Expense"),
    "7502": ("Expense", "Utilities", "Expense"),
}

# For a code app/demo.py gains later: a sensible type from our own kind.
BY_KIND = {
    "asset": ("Other Current Asset", "OtherCurrentAssets", "Asset"),
    "bank": ("Bank", "Checking", "Asset"),
    "liability": ("Other Current Liability", "OtherCurrentLiabilities", "Liability"),
    "equity": ("Equity", "OwnersEquity", "Equity"),
    "revenue": ("Income", "ServiceFeeIncome", "Revenue"),
    "expense": ("Expense", "OtherMiscellaneousServiceCost", "Expense"),
}

# QBO UK VAT codes: (name, description, rate, SpecialTaxType).
VAT_CODES = [
    ("20.0% S", "Standard rated sales and purchases", "20", "NONE"),
    ("5.0% R", "Reduced rated sales and purchases", "5", "NONE"),
    ("0.0% Z", "Zero rated sales and purchases", "0", "ZERO_RATE"),
    ("Exempt", "Exempt sales and purchases", "0", "ZERO_RATE"),
    ("No VAT", "Outside the scope of VAT", "0", "ZERO_RATE"),
]
# EC goods bought in: a purchase rate list only, so QBO refuses it on sales.
PURCHASE_CODES = [("20.0% ECG", "EC goods standard rated purchases", "20", "NONE")]
HMRC = {"value": "1", "name": "HM Revenue & Customs"}


def demo_name(i):
    """The app's demo customer names (app/demo.py builds them the same way)."""
    return f"{FIRST[i % len(FIRST)]} {SECOND[(i * 7) % len(SECOND)]}"


def demo_customers():
    """(DisplayName, active) pairs overlapping the demo data in telling ways."""
    exact = [(demo_name(i), True) for i in range(6)]
    return [
        *exact,
        (demo_name(6).upper(), True),  # case differs
        (demo_name(7).lower(), True),  # case differs
        (demo_name(8).replace(" ", "  ", 1), True),  # a doubled space
        (demo_name(9).replace(" ", "   "), True),  # spaces differ
        (demo_name(10), False),  # inactive: its name is still taken
        ("Weston Builders Ltd", True),
        ("Yardley Lettings", True),
    ]


def seed():
    """Create both companies unless they exist (idempotent)."""
    for realm_id, name in COMPANIES:
        if store.company(realm_id) is None:
            seed_company(realm_id, name, full=realm_id == DEMO_REALM)
    sandbox_db.session.commit()


def seed_company(realm_id, name, full):
    sandbox_db.session.add(QboCompany(realm_id=realm_id, name=name, country="GB"))
    accounts = {
        code: add_account(realm_id, code, title, kind)
        for code, title, kind in NOMINAL_CODES
    }
    codes = {
        code[0]: add_tax_code(realm_id, *code)
        for code in (VAT_CODES if full else VAT_CODES[:3])
    }
    for code in PURCHASE_CODES if full else ():
        add_tax_code(realm_id, *code, applies="purchases")
    standard = codes["20.0% S"]
    add_item(realm_id, "Services", "0", accounts["4000"], standard)
    for title, price, nominal in SERVICES if full else SERVICES[:3]:
        add_item(realm_id, title, price, accounts[nominal], standard)
    names = demo_customers() if full else [(demo_name(11), True), ("Marsh Farm", True)]
    for display_name, active in names:
        add_customer(realm_id, display_name, active)


def add_account(realm_id, code, title, our_kind):
    kind, sub_type, classification = ACCOUNT_TYPES.get(code) or BY_KIND[our_kind]
    data = {
        "Name": title,
        "SubAccount": False,
        "FullyQualifiedName": title,
        "Active": True,
        "Classification": classification,
        "AccountType": kind,
        "AccountSubType": sub_type,
        "AcctNum": code,
        "CurrentBalance": 0,
        "CurrentBalanceWithSubAccounts": 0,
        "CurrencyRef": store.GBP,
    }
    return store.add(
        realm_id, "Account", data, name_key=store.name_key("Account", title)
    )


def add_rate(realm_id, name, description, rate, special):
    data = {
        "Name": name,
        "Description": description,
        "Active": True,
        "RateValue": float(rate),
        "AgencyRef": HMRC,
        "SpecialTaxType": special,
        "DisplayType": "ReadOnly",
        "EffectiveTaxRate": [{"RateValue": float(rate), "EffectiveDate": "2011-01-04"}],
    }
    return store.add(realm_id, "TaxRate", data)


def add_tax_code(realm_id, name, description, rate, special, applies="both"):
    sales = purchase = None
    if applies != "purchases":
        sales = add_rate(realm_id, name, f"Sales {description.lower()}", rate, special)
    if applies != "sales":
        purchase = add_rate(
            realm_id, name, f"Purchases {description.lower()}", rate, special
        )

    def rate_list(row):
        if row is None:
            return {"TaxRateDetail": []}
        ref = {"value": str(row.id), "name": name}
        return {
            "TaxRateDetail": [
                {"TaxRateRef": ref, "TaxTypeApplicable": "TaxOnAmount", "TaxOrder": 0}
            ]
        }

    data = {
        "Name": name,
        "Description": description,
        "Active": True,
        "Hidden": False,
        "Taxable": rate != "0" or special != "ZERO_RATE",
        "TaxGroup": True,
        "SalesTaxRateList": rate_list(sales),
        "PurchaseTaxRateList": rate_list(purchase),
    }
    return store.add(realm_id, "TaxCode", data)


def add_item(realm_id, title, price, income, tax_code):
    data = {
        "Name": title,
        "Description": title if title != "Services" else "",
        "Active": True,
        "FullyQualifiedName": title,
        "Taxable": False,
        "UnitPrice": float(price),
        "Type": "Service",
        "IncomeAccountRef": {
            "value": str(income.id),
            "name": store.body(income)["Name"],
        },
        "PurchaseCost": 0,
        "TrackQtyOnHand": False,
        "SalesTaxCodeRef": {"value": str(tax_code.id), "name": "20.0% S"},
    }
    return store.add(realm_id, "Item", data, name_key=store.name_key("Item", title))


def add_customer(realm_id, display_name, active):
    trimmed = display_name.strip()
    slug = "".join(ch for ch in trimmed.lower() if ch.isalnum())
    data = {
        "Job": False,
        "BillWithParent": False,
        "CurrencyRef": store.GBP,
        "PreferredDeliveryMethod": "Print",
        "FullyQualifiedName": trimmed,
        "CompanyName": trimmed,
        "DisplayName": trimmed,
        "PrintOnCheckName": trimmed,
        "Active": active,
        "PrimaryEmailAddr": {"Address": f"accounts@{slug}.co.uk"},
        "BillAddr": {
            "Line1": "1 High Street",
            "City": "Leeds",
            "PostalCode": "LS1 4AP",
        },
    }
    return store.add(
        realm_id,
        "Customer",
        data,
        name_key=store.name_key("Customer", trimmed),
        active=active,
    )
