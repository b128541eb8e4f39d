"""What a fresh UK Xero organisation holds: chart of accounts, VAT rates, contacts."""

# (Code, Name, Type, TaxType, extra fields). Xero's UK default chart, trimmed.
ACCOUNTS = [
    (
        "090",
        "Business Bank Account",
        "BANK",
        "NONE",
        {"BankAccountNumber": "20304012345678"},
    ),
    (
        "091",
        "Business Savings Account",
        "BANK",
        "NONE",
        {"BankAccountNumber": "20304087654321"},
    ),
    ("200", "Sales", "REVENUE", "OUTPUT2", {}),
    ("260", "Other Revenue", "REVENUE", "OUTPUT2", {}),
    ("265", "Sales - discontinued lines", "REVENUE", "OUTPUT2", {"Status": "ARCHIVED"}),
    ("270", "Interest Income", "REVENUE", "NONE", {}),
    ("310", "Cost of Goods Sold", "DIRECTCOSTS", "INPUT2", {}),
    ("320", "Direct Wages", "DIRECTCOSTS", "NONE", {}),
    ("400", "Advertising & Marketing", "OVERHEADS", "INPUT2", {}),
    ("401", "Audit & Accountancy fees", "OVERHEADS", "INPUT2", {}),
    ("404", "Bank Fees", "OVERHEADS", "EXEMPTINPUT", {}),
    ("429", "General Expenses", "OVERHEADS", "INPUT2", {}),
    ("445", "Light, Power, Heating", "OVERHEADS", "INPUT2", {}),
    ("449", "Motor Vehicle Expenses", "OVERHEADS", "INPUT2", {}),
    ("469", "Rent", "OVERHEADS", "INPUT2", {}),
    ("473", "Repairs & Maintenance", "OVERHEADS", "INPUT2", {}),
    ("489", "Telephone & Internet", "OVERHEADS", "INPUT2", {}),
    ("610", "Accounts Receivable", "CURRENT", "NONE", {"SystemAccount": "DEBTORS"}),
    ("620", "Prepayments", "CURRENT", "NONE", {}),
    ("630", "Inventory", "INVENTORY", "NONE", {}),
    ("710", "Office Equipment", "FIXED", "INPUT2", {}),
    ("720", "Computer Equipment", "FIXED", "INPUT2", {}),
    ("800", "Accounts Payable", "CURRLIAB", "NONE", {"SystemAccount": "CREDITORS"}),
    ("820", "VAT", "CURRLIAB", "NONE", {"SystemAccount": "GST"}),
    ("860", "Rounding", "CURRLIAB", "NONE", {"SystemAccount": "ROUNDING"}),
    (
        "877",
        "Tracking Transfers",
        "CURRLIAB",
        "NONE",
        {"SystemAccount": "TRACKINGTRANSFERS"},
    ),
    ("880", "Owner A Drawings", "EQUITY", "NONE", {"EnablePaymentsToAccount": True}),
    ("900", "Loan", "TERMLIAB", "NONE", {}),
    (
        "960",
        "Retained Earnings",
        "EQUITY",
        "NONE",
        {"SystemAccount": "RETAINEDEARNINGS"},
    ),
    (
        "970",
        "Owner A Funds Introduced",
        "EQUITY",
        "NONE",
        {"EnablePaymentsToAccount": True},
    ),
]

CLASS_OF_TYPE = {
    "BANK": "ASSET", "CURRENT": "ASSET", "FIXED": "ASSET", "INVENTORY": "ASSET",
    "NONCURRENT": "ASSET", "PREPAYMENT": "ASSET",
    "CURRLIAB": "LIABILITY", "LIABILITY": "LIABILITY", "TERMLIAB": "LIABILITY",
    "PAYG": "LIABILITY",
    "DIRECTCOSTS": "EXPENSE", "EXPENSE": "EXPENSE", "OVERHEADS": "EXPENSE",
    "DEPRECIATN": "EXPENSE",
    "EQUITY": "EQUITY",
    "REVENUE": "REVENUE", "SALES": "REVENUE", "OTHERINCOME": "REVENUE",
}  # fmt: skip

# (TaxType, Name, rate, ReportTaxType, applies to: sales/purchases/both, status).
# "applies to" decides CanApplyToRevenue/Expenses, as Xero's UK rates do.
TAX_RATES = [
    ("OUTPUT2", "20% (VAT on Income)", "20", "OUTPUT", "sales", "ACTIVE"),
    ("RROUTPUT", "5% (VAT on Income)", "5", "OUTPUT", "sales", "ACTIVE"),
    ("ZERORATEDOUTPUT", "Zero Rated Income", "0", "ZERORATEDOUTPUT", "sales", "ACTIVE"),
    ("EXEMPTOUTPUT", "Exempt Income", "0", "EXEMPTOUTPUT", "sales", "ACTIVE"),
    ("ECZROUTPUT", "Zero Rated EC Goods Income", "0", "ECOUTPUT", "sales", "ACTIVE"),
    (
        "ECZROUTPUTSERVICES",
        "Zero Rated EC Services",
        "0",
        "ECOUTPUTSERVICES",
        "sales",
        "ACTIVE",
    ),
    ("INPUT2", "20% (VAT on Expenses)", "20", "INPUT", "purchases", "ACTIVE"),
    ("RRINPUT", "5% (VAT on Expenses)", "5", "INPUT", "purchases", "ACTIVE"),
    (
        "ZERORATEDINPUT",
        "Zero Rated Expenses",
        "0",
        "ZERORATEDINPUT",
        "purchases",
        "ACTIVE",
    ),
    ("EXEMPTINPUT", "Exempt Expenses", "0", "EXEMPTINPUT", "purchases", "ACTIVE"),
    (
        "ECACQUISITIONS",
        "20% (EC Acquisitions)",
        "20",
        "ECACQUISITIONS",
        "purchases",
        "ACTIVE",
    ),
    (
        "CAPEXINPUT2",
        "20% (VAT on Capital Purchases)",
        "20",
        "CAPEXINPUT",
        "purchases",
        "ACTIVE",
    ),
    ("NONE", "No VAT", "0", "NONE", "both", "ACTIVE"),
    ("OUTPUT", "17.5% (VAT on Income)", "17.5", "OUTPUT", "sales", "DELETED"),
]

ORGANISATIONS = [
    {
        "Name": "Demo Services Ltd",
        "LegalName": "Demo Services Limited",
        "ShortCode": "!dSv1",
        "RegistrationNumber": "09876543",
        "TaxNumber": "GB123456789",
    },
    {
        "Name": "Demo Services (Second Site) Ltd",
        "LegalName": "Demo Services (Second Site) Limited",
        "ShortCode": "!dSv2",
        "RegistrationNumber": "09876544",
        "TaxNumber": "GB987654321",
    },
]

# Contacts overlap LedgerBridge's demo customers (app/demo.py) on purpose:
# exact names, names differing only in case or spacing, and one archived.
CONTACTS = {
    "Demo Services Ltd": [
        ("Acme Property Management", "ACTIVE", "accounts@acmepropertymanagement.co.uk"),
        ("Brightwater Retail Park", "ACTIVE", "accounts@brightwaterretailpark.co.uk"),
        ("Castle Dental Practice", "ACTIVE", "accounts@castledentalpractice.co.uk"),
        ("Dale Bakery", "ACTIVE", "accounts@dalebakery.co.uk"),
        ("Elm Care Home", "ACTIVE", ""),
        ("FOXLEY MEDICAL CENTRE", "ACTIVE", ""),
        ("granite leisure centre", "ACTIVE", ""),
        ("Harbour  Housing Association", "ACTIVE", ""),
        ("Juniper Primary  School", "ACTIVE", ""),
        ("Lakeside Hotel", "ARCHIVED", "accounts@lakesidehotel.co.uk"),
        ("Walker Facilities Group", "ACTIVE", "payables@walkerfacilities.example"),
        ("Bluebell Day Nursery", "ACTIVE", ""),
    ],
    "Demo Services (Second Site) Ltd": [
        ("Acme Property Management", "ACTIVE", ""),
        ("Meadow Property Management", "ACTIVE", ""),
        ("Northgate Retail Park", "ACTIVE", ""),
    ],
}

# Invoices already in the first organisation: INV-00003 clashes with the app's
# own numbering on purpose, so "Invoice # must be unique." can be met.
INVOICES = [
    ("INV-0001", "Acme Property Management", "AUTHORISED", "Boiler service", "85.00"),
    ("INV-0002", "Brightwater Retail Park", "DRAFT", "Emergency call-out", "120.00"),
    ("INV-00003", "Castle Dental Practice", "AUTHORISED", "Pump replacement", "315.99"),
]
