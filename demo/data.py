"""The demo company's names and numbers: what an office manager recognises.

Plain data importing nothing: the demo seed builds the office from it, and the
sandboxes (which import nothing from the product) start their ledgers from it,
so a demo connects to a package that already knows the same accounts and names.
"""

COMPANY = "Demo Services Ltd"
ADMIN = ("admin@example.com", "demo-admin", "Alex Admin")
OFFICE = ("office@example.com", "demo-office", "Olivia Office")

# UK VAT, with the Sage T-codes UK bookkeepers already know.
TAX_CODES = [
    ("Standard 20%", "T1", "20"),
    ("Reduced 5%", "T5", "5"),
    ("Zero rated", "T0", "0"),
    ("Exempt", "T2", "0"),
    ("No VAT", "T9", "0"),
]

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
TOWNS = [
    ("Leeds", "LS1 4AP"),
    ("Bristol", "BS1 5TR"),
    ("Manchester", "M2 3AW"),
    ("Norwich", "NR2 1RQ"),
    ("York", "YO1 7HH"),
    ("Cardiff", "CF10 1EP"),
    ("Bath", "BA1 1SU"),
    ("Exeter", "EX1 1HS"),
]
STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "Park Avenue",
    "Victoria Road",
    "King Street",
    "The Green",
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
SUPPLIERS = [
    "City Plumbing Supplies",
    "Screwfix Trade",
    "Northern Electrical Wholesale",
    "Greenway Fuel Cards",
    "Harris Van Hire",
    "BT Business",
    "Walker & Sons Subcontracting",
    "Office Depot UK",
]
