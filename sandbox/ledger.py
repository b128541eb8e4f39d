"""The ledger both sandboxes start with: the demo company's chart of accounts,
customer names and priced services, so a demo connects to a package that already
knows them. Kept here, not imported from app.demo, because the sandbox imports
nothing from the product; tests/sandbox/test_seed.py checks the two agree."""

NOMINAL_CODES = [
    ("0030", "Office equipment", "asset"),
    ("0050", "Motor vehicles", "asset"),
    ("1100", "Trade debtors", "asset"),
    ("1200", "Bank current account", "bank"),
    ("1210", "Bank deposit account", "bank"),
    ("2100", "Trade creditors", "liability"),
    ("2200", "VAT liability", "liability"),
    ("3000", "Share capital", "equity"),
    ("3200", "Retained earnings", "equity"),
    ("4000", "Sales - service calls", "revenue"),
    ("4010", "Sales - parts", "revenue"),
    ("4020", "Sales - maintenance contracts", "revenue"),
    ("4900", "Other income", "revenue"),
    ("5000", "Materials purchased", "expense"),
    ("5100", "Subcontractors", "expense"),
    ("7100", "Rent and rates", "expense"),
    ("7200", "Electricity", "expense"),
    ("7300", "Fuel and vehicle costs", "expense"),
    ("7500", "Office costs", "expense"),
    ("7502", "Telephone and internet", "expense"),
]

FIRST = [
    "Acme",
    "Brightwater",
    "Castle",
    "Dale",
    "Elm",
    "Foxley",
    "Granite",
    "Harbour",
    "Ivy",
    "Juniper",
    "Kestrel",
    "Lakeside",
    "Meadow",
    "Northgate",
    "Oakwood",
    "Parkview",
    "Queensway",
    "Riverside",
    "St Anne's",
    "Thornbury",
]

SECOND = [
    "Property Management",
    "Housing Association",
    "Dental Practice",
    "Primary School",
    "Care Home",
    "Hotel",
    "Leisure Centre",
    "Retail Park",
    "Veterinary Surgery",
    "Bakery",
    "Offices",
    "Medical Centre",
]

SERVICES = [
    ("Annual boiler service", "85.00", "4020"),
    ("Emergency call-out", "120.00", "4000"),
    ("Labour (per hour)", "55.00", "4000"),
    ("Replacement thermostat", "42.50", "4010"),
    ("Air conditioning maintenance visit", "240.00", "4020"),
    ("Fire alarm inspection", "175.00", "4020"),
    ("Pump replacement", "315.99", "4010"),
    ("Filters (pack of 4)", "18.75", "4010"),
]
