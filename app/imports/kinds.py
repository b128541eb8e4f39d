"""What can be imported: each kind's columns, their aliases, and a template row."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column a kind reads; aliases are normalised header names, best first."""

    name: str
    label: str
    aliases: tuple
    required: bool = False
    max_length: int | None = None
    example: str = ""

    def __post_init__(self):
        # The header our own template writes must always read back as this column.
        own = re.sub(r"[^0-9a-z]", "", self.label.casefold())
        if own not in self.aliases:
            object.__setattr__(self, "aliases", (*self.aliases, own))

    @property
    def example_alias(self):
        return self.aliases[1] if len(self.aliases) > 1 else self.aliases[0]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # plural, as the page lists it: "Customers"
    fields: tuple
    admin_only: bool = False
    one_of: tuple = ()  # at least one of these columns must be there

    @property
    def needs_several_columns(self):
        return sum(spec.required for spec in self.fields) > 1

    def template_header(self):
        return [spec.label for spec in self.fields]

    def template_row(self):
        return [spec.example for spec in self.fields]


def contact_columns(noun, example_name, example_account):
    return (
        Column(
            "name",
            "Name",
            ("name", f"{noun}name", "contactname", "contact", "companyname", "company"),
            required=True,
            max_length=200,
            example=example_name,
        ),
        Column(
            "account_number",
            "Account number",
            (
                "accountnumber",
                "accountref",
                "accountreference",
                "accountno",
                f"{noun}account",
                f"{noun}ref",
                "account",
            ),
            max_length=50,
            example=example_account,
        ),
        Column(
            "email",
            "Email",
            ("email", "emailaddress"),
            max_length=254,
            example="accounts@example.co.uk",
        ),
        Column(
            "phone",
            "Phone",
            ("phone", "telephone", "phonenumber", "tel"),
            max_length=40,
            example="0161 496 0000",
        ),
        Column(
            "address_line1",
            "Address line 1",
            ("addressline1", "address1", "poaddressline1", "address", "street"),
            max_length=200,
            example="1 Mill Lane",
        ),
        Column(
            "address_line2",
            "Address line 2",
            ("addressline2", "address2", "poaddressline2"),
            max_length=200,
        ),
        Column(
            "city",
            "Town or city",
            ("townorcity", "city", "town", "towncity", "pocity"),
            max_length=100,
            example="Manchester",
        ),
        Column(
            "postcode",
            "Postcode",
            ("postcode", "postalcode", "popostalcode", "zip", "zipcode"),
            max_length=20,
            example="M1 1AA",
        ),
        Column(
            "country", "Country", ("country", "countrycode", "pocountry"), example="GB"
        ),
    )


PURCHASE_COLUMNS = (
    Column(
        "supplier",
        "Supplier",
        ("supplier", "suppliername", "contactname", "name", "contact"),
        max_length=200,
        example="City Plumbing Supplies",
    ),
    Column(
        "supplier_account",
        "Supplier account",
        (
            "supplieraccount",
            "accountreference",
            "accountref",
            "accountnumber",
            "supplierref",
        ),
        max_length=50,
    ),
    Column(
        "number",
        "Invoice number",
        (
            "invoicenumber",
            "invoiceno",
            "suppliersinvoicenumber",
            "billnumber",
            "supplierreference",
            "number",
            "reference",
        ),
        required=True,
        max_length=40,
        example="CPS-10442",
    ),
    Column(
        "issue_date",
        "Invoice date",
        ("invoicedate", "date", "issuedate", "billdate"),
        required=True,
        example="31/01/2026",
    ),
    Column(
        "due_date",
        "Due date",
        ("duedate", "paymentdue", "datedue"),
        example="02/03/2026",
    ),
    Column(
        "reference",
        "Reference",
        ("reference", "yourreference", "memo"),
        max_length=200,
        example="Job 2231",
    ),
    Column(
        "description",
        "Description",
        ("description", "itemdescription", "details", "narrative"),
        required=True,
        max_length=500,
        example="15mm copper pipe, 3m",
    ),
    Column("quantity", "Quantity", ("quantity", "qty", "itemquantity"), example="10"),
    Column(
        "unit_price",
        "Unit price",
        (
            "unitprice",
            "unitamount",
            "rate",
            "price",
            "itemrate",
            "unitcost",
            "netamount",
            "net",
        ),
        required=True,
        example="£7.50",
    ),
    Column(
        "nominal_code",
        "Nominal code",
        ("nominalcode", "accountcode", "nominalacref", "nominal", "glaccount"),
        required=True,
        example="5000",
    ),
    Column(
        "tax_code",
        "Tax code",
        ("taxcode", "taxtype", "tcode", "vatcode", "itemtaxcode"),
        required=True,
        example="T1",
    ),
)

TAX_COLUMNS = (
    Column(
        "code",
        "Code",
        ("code", "taxcode", "tcode", "taxtype"),
        required=True,
        max_length=40,
        example="T1",
    ),
    Column(
        "name",
        "Name",
        ("name", "taxname", "description"),
        required=True,
        max_length=100,
        example="Standard 20%",
    ),
    Column(
        "rate",
        "Rate",
        ("rate", "taxrate", "ratepercent", "percent"),
        required=True,
        example="20",
    ),
)

NOMINAL_COLUMNS = (
    Column(
        "code",
        "Code",
        ("code", "nominalcode", "accountcode", "nominalacref", "nominal"),
        required=True,
        max_length=20,
        example="5000",
    ),
    Column(
        "name",
        "Name",
        ("name", "accountname", "description"),
        required=True,
        max_length=150,
        example="Materials",
    ),
    Column("type", "Type", ("type", "accounttype"), required=True, example="expense"),
)

KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            "customers",
            "Customers",
            contact_columns("customer", "Brightwater Housing", "C9001"),
        ),
        Kind(
            "suppliers",
            "Suppliers",
            contact_columns("supplier", "City Plumbing Supplies", "S9001"),
        ),
        Kind(
            "purchase_invoices",
            "Purchase invoices",
            PURCHASE_COLUMNS,
            one_of=("supplier", "supplier_account"),
        ),
        Kind("tax_codes", "Tax codes", TAX_COLUMNS, admin_only=True),
        Kind("nominal_codes", "Nominal codes", NOMINAL_COLUMNS, admin_only=True),
    )
}
