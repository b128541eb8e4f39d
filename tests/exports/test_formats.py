"""Each format, cell by cell, against the worked example in conftest.py.

INV-00001 (Brightwater, BRIGHT01, 05/01/2026, ref PO-77):
  2 x 100.00 at 20% on 4000 = 200.00 + 40.00; 1 x 12.50 at 5% on 4010 = 12.50 + 0.63
  totals 212.50 + 40.63 = 253.13
INV-00002 (Café Zoë, no account reference, 10/01/2026): 3 x 9.99 at 0% = 29.97
INV-00003: a draft. CN-00001 (20/01/2026) credits INV-00001 1 x 10.00 at 20%.
Payment 100.00 on 25/01/2026 for INV-00001. SUP-1 (City Plumbing, CITY01,
08/01/2026): 4 x 25.00 at 20% on 5000 = 100.00 + 20.00.
"""

from decimal import Decimal

import pytest

from app.exports import formats
from app.exports.codes import DEFAULTS, Refused, Tax, rate_key
from app.extensions import db
from app.models import AccountsConnection, ExternalLink, NominalCode, TaxCode
from app.models.base import utcnow
from tests import factories
from tests.exports.conftest import JANUARY, exported, sales_invoice

BRIGHT = ["Brightwater Housing", "ap@bright.example", "1 Quay Street", "Floor 2",
          "", "", "Bristol", "", "BS1 4DJ", "GB"]  # fmt: skip
CAFE = ["Café Zoë", "zoe@cafe.example", "", "", "", "", "", "", "", "GB"]
CITY = ["City Plumbing Supplies", "", "", "", "", "", "", "", "", "GB"]


def test_ledgerbridge_sales_invoices_one_row_per_line_with_totals(
    client, auth, example
):
    auth.login_office()
    header, rows, _export = exported(client, "sales_invoices", "ledgerbridge")
    assert header == [
        "Number", "Issue date", "Due date", "Status", "Customer", "Account number",
        "Reference", "Line", "Description", "Quantity", "Unit price", "Nominal code",
        "Tax code", "Tax rate", "Net", "Tax", "Gross", "Document net",
        "Document tax", "Document total", "Currency",
    ]  # fmt: skip
    assert rows == [
        ["INV-00001", "05/01/2026", "04/02/2026", "approved", "Brightwater Housing",
         "BRIGHT01", "PO-77", "1", "Boiler service", "2", "100.00", "4000", "T1", "20",
         "200.00", "40.00", "240.00", "212.50", "40.63", "253.13", "GBP"],
        ["INV-00001", "05/01/2026", "04/02/2026", "approved", "Brightwater Housing",
         "BRIGHT01", "PO-77", "2", "Valve", "1", "12.50", "4010", "T5", "5",
         "12.50", "0.63", "13.13", "212.50", "40.63", "253.13", "GBP"],
        ["INV-00002", "10/01/2026", "09/02/2026", "approved", "Café Zoë", "", "",
         "1", "Tuyaux £ spécial", "3", "9.99", "4000", "T0", "0", "29.97", "0.00",
         "29.97", "29.97", "0.00", "29.97", "GBP"],
        ["INV-00003", "12/01/2026", "11/02/2026", "draft", "Brightwater Housing",
         "BRIGHT01", "", "1", "Draft work", "1", "50.00", "4000", "T1", "20",
         "50.00", "10.00", "60.00", "50.00", "10.00", "60.00", "GBP"],
    ]  # fmt: skip


def test_ledgerbridge_other_kinds(client, auth, example):
    auth.login_office()
    header, rows, _ = exported(client, "credit_notes", "ledgerbridge")
    assert header[2] == "Credits invoice"
    assert rows == [
        ["CN-00001", "20/01/2026", "INV-00001", "approved", "Brightwater Housing",
         "BRIGHT01", "Goodwill", "1", "Refund", "1", "10.00", "4000", "T1", "20",
         "10.00", "2.00", "12.00", "10.00", "2.00", "12.00", "GBP"],
    ]  # fmt: skip
    header, rows, _ = exported(client, "payments", "ledgerbridge")
    assert header == ["Date", "Amount", "Method", "Reference", "Invoice", "Customer",
                      "Account number", "Currency"]  # fmt: skip
    assert rows == [["25/01/2026", "100.00", "Bank transfer", "BACS 123", "INV-00001",
                     "Brightwater Housing", "BRIGHT01", "GBP"]]  # fmt: skip
    header, rows, _ = exported(client, "purchase_invoices", "ledgerbridge")
    assert header[4] == "Supplier"
    assert rows == [
        ["SUP-1", "08/01/2026", "07/02/2026", "approved", "City Plumbing Supplies",
         "CITY01", "Job 12", "1", "Copper pipe", "4", "25.00", "5000", "T1", "20",
         "100.00", "20.00", "120.00", "100.00", "20.00", "120.00", "GBP"],
    ]  # fmt: skip
    header, rows, _ = exported(client, "customers", "ledgerbridge")
    assert header == [
        "Name", "Account number", "Email", "Phone", "Address line 1",
        "Address line 2", "City", "Postcode", "Country", "Active",
    ]  # fmt: skip
    assert rows == [
        ["Brightwater Housing", "BRIGHT01", "ap@bright.example", "", "1 Quay Street",
         "Floor 2", "Bristol", "BS1 4DJ", "GB", "Yes"],
        ["Café Zoë", "", "zoe@cafe.example", "", "", "", "", "", "GB", "Yes"],
    ]  # fmt: skip
    _, rows, _ = exported(client, "suppliers", "ledgerbridge")
    assert rows == [["City Plumbing Supplies", "CITY01", "", "", "", "", "", "", "GB",
                     "Yes"]]  # fmt: skip


def test_xero_sales_invoices_and_credit_notes(client, auth, example):
    auth.login()
    header, rows, export = exported(client, "sales_invoices", "xero")
    assert header == [
        "*ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2",
        "POAddressLine3", "POAddressLine4", "POCity", "PORegion", "POPostalCode",
        "POCountry", "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate",
        "InventoryItemCode", "*Description", "*Quantity", "*UnitAmount", "Discount",
        "*AccountCode", "*TaxType", "TrackingName1", "TrackingOption1",
        "TrackingName2", "TrackingOption2", "Currency", "BrandingTheme",
    ]  # fmt: skip
    tail = ["", "", "", "", "GBP", ""]
    assert rows == [  # approved only: the draft INV-00003 is not there
        [*BRIGHT, "INV-00001", "PO-77", "05/01/2026", "04/02/2026", "",
         "Boiler service", "2", "100.00", "", "4000", "20% (VAT on Income)", *tail],
        [*BRIGHT, "INV-00001", "PO-77", "05/01/2026", "04/02/2026", "", "Valve", "1",
         "12.50", "", "4010", "5% (VAT on Income)", *tail],
        [*CAFE, "INV-00002", "", "10/01/2026", "09/02/2026", "", "Tuyaux £ spécial",
         "3", "9.99", "", "4000", "Zero Rated Income", *tail],
    ]  # fmt: skip
    assert export.filter_values["status"] == "approved"
    _, rows, _ = exported(client, "credit_notes", "xero")
    assert rows == [  # a negative quantity makes it a credit note; due = its date
        [*BRIGHT, "CN-00001", "Goodwill", "20/01/2026", "20/01/2026", "", "Refund",
         "-1", "10.00", "", "4000", "20% (VAT on Income)", *tail],
    ]  # fmt: skip


def test_xero_bills(client, auth, example):
    auth.login()
    header, rows, _ = exported(client, "purchase_invoices", "xero")
    assert header == [
        "*ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2",
        "POAddressLine3", "POAddressLine4", "POCity", "PORegion", "POPostalCode",
        "POCountry", "*InvoiceNumber", "*InvoiceDate", "*DueDate", "Total",
        "InventoryItemCode", "Description", "*Quantity", "*UnitAmount",
        "*AccountCode", "*TaxType", "TaxAmount", "TrackingName1", "TrackingOption1",
        "TrackingName2", "TrackingOption2", "Currency",
    ]  # fmt: skip
    assert rows == [
        [*CITY, "SUP-1", "08/01/2026", "07/02/2026", "120.00", "", "Copper pipe", "4",
         "25.00", "5000", "20% (VAT on Expenses)", "20.00", "", "", "", "", "GBP"],
    ]  # fmt: skip


def test_xero_uses_a_synced_tax_type_while_linked(client, auth, example, company):
    db.session.add_all(
        [
            AccountsConnection(
                company_id=company.id, provider="xero", status="connected"
            ),
            ExternalLink(
                company_id=company.id,
                provider="xero",
                kind="tax_code",
                local_id=factories.tax_code(company, "T1").id,
                remote_id="OUTPUT2",
                synced_at=utcnow(),
            ),
        ]
    )
    db.session.commit()
    auth.login()
    _, rows, _ = exported(client, "sales_invoices", "xero")
    assert [row[20] for row in rows] == ["OUTPUT2", "5% (VAT on Income)",
                                          "Zero Rated Income"]  # fmt: skip


def test_quickbooks_invoices(client, auth, example):
    auth.login()
    header, rows, _ = exported(client, "sales_invoices", "quickbooks")
    assert header == [
        "InvoiceNo", "Customer", "InvoiceDate", "DueDate", "Terms", "Location", "Memo",
        "Item(Product/Service)", "ItemDescription", "ItemQuantity", "ItemRate",
        "ItemAmount", "ItemTaxCode", "ItemTaxAmount", "Currency", "Service Date",
    ]  # fmt: skip
    assert rows == [
        ["INV-00001", "Brightwater Housing", "05/01/2026", "04/02/2026", "", "",
         "PO-77", "Sales", "Boiler service", "2", "100.00", "200.00", "20.0% S",
         "40.00", "GBP", ""],
        ["INV-00001", "Brightwater Housing", "05/01/2026", "04/02/2026", "", "",
         "PO-77", "Sales - parts", "Valve", "1", "12.50", "12.50", "5.0% R",
         "0.63", "GBP", ""],
        ["INV-00002", "Café Zoë", "10/01/2026", "09/02/2026", "", "", "", "Sales",
         "Tuyaux £ spécial", "3", "9.99", "29.97", "0.0% Z", "0.00", "GBP", ""],
    ]  # fmt: skip


SAGE_HEADER = ["Type", "Account Reference", "Nominal A/C Ref", "Department Code",
               "Date", "Reference", "Details", "Net Amount", "Tax Code", "Tax Amount",
               "Exchange Rate", "Extra Reference", "User Name", "Project Refn",
               "Cost Code Refn"]  # fmt: skip


def test_sage_audit_trail_si_sc_sa_pi(client, auth, example):
    auth.login_office()
    header, rows, export = exported(client, "sales_invoices", "sage50", **JANUARY)
    assert header == SAGE_HEADER
    assert rows == [
        ["SI", "BRIGHT01", "4000", "", "05/01/2026", "INV-00001", "Boiler service",
         "200.00", "T1", "40.00", "", "PO-77", "", "", ""],
        ["SI", "BRIGHT01", "4010", "", "05/01/2026", "INV-00001", "Valve", "12.50",
         "T5", "0.63", "", "PO-77", "", "", ""],
    ]  # fmt: skip
    assert export.not_exported == 1  # Café Zoë has no account reference
    _, rows, _ = exported(client, "credit_notes", "sage50", **JANUARY)
    assert rows == [["SC", "BRIGHT01", "4000", "", "20/01/2026", "CN-00001", "Refund",
                     "10.00", "T1", "2.00", "", "Goodwill", "", "", ""]]  # fmt: skip
    _, rows, _ = exported(client, "payments", "sage50", **JANUARY)
    assert rows == [["SA", "BRIGHT01", "1200", "", "25/01/2026", "INV-00001",
                     "Payment for INV-00001 (Bank transfer)", "100.00", "T9", "0.00",
                     "", "BACS 123", "", "", ""]]  # fmt: skip
    _, rows, _ = exported(client, "purchase_invoices", "sage50", **JANUARY)
    assert rows == [["PI", "CITY01", "5000", "", "08/01/2026", "SUP-1", "Copper pipe",
                     "100.00", "T1", "20.00", "", "Job 12", "", "", ""]]  # fmt: skip


def test_not_expressible_documents_are_listed_with_why(client, auth, example, company):
    odd = TaxCode(company=company, name="Odd rate", code="ODD", rate=Decimal("12.5"))
    word = NominalCode(company=company, code="SALES-X", name="Other", type="revenue")
    db.session.add_all([odd, word])
    db.session.commit()
    sales_invoice(company, example.bright, "INV-00010", example.invoice.issue_date,
                  [("Odd", "1", "10.00", "ODD", "4000")])  # fmt: skip
    sales_invoice(company, example.bright, "INV-00011", example.invoice.issue_date,
                  [("Fine", "1", "5.00", "T1", "4000"),
                   ("Word code", "1", "5.00", "T1", "SALES-X")])  # fmt: skip
    auth.login_office()
    _, rows, export = exported(client, "sales_invoices", "sage50")
    assert {row[5] for row in rows} == {"INV-00001"}  # INV-00011 not half-exported
    page = client.get(f"/reports/exports/{export.id}").get_data(as_text=True)
    assert "Not exported (3)" in page
    assert "Customer Café Zoë has no account reference" in page
    assert "Line 1: tax code ODD (12.5%) has no Sage 50 equivalent." in page
    assert "Line 2: nominal code SALES-X is not a Sage 50 nominal code" in page
    listing = client.get(f"/reports/exports/{export.id}/not-exported")
    assert listing.status_code == 200
    body = listing.get_data()
    listing.close()  # send_file's handle
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "INV-00010,Brightwater Housing,05/01/2026," in text
    _, rows, export = exported(client, "sales_invoices", "xero")
    assert "INV-00010" not in {row[10] for row in rows}
    assert "INV-00011" in {row[10] for row in rows}  # Xero takes any account code
    assert export.not_exported == 1


def test_formula_cells_are_neutralised_but_our_numbers_are_not(
    client, auth, company, example
):
    evil = factories.make_customer(company, '=HYPERLINK("http://x.example","y")',
                                   account_number="EVIL1")  # fmt: skip
    sales_invoice(company, evil, "INV-00020", example.invoice.issue_date,
                  [("+SUM(1,2)", "1", "1.00", "T1", "4000"),
                   ("-2+3", "1", "1.00", "T1", "4000"),
                   ("@cmd", "1", "1.00", "T1", "4000"),
                   ("\tTabbed", "1", "1.00", "T1", "4000"),
                   ("\rReturned", "1", "1.00", "T1", "4000"),
                   ("Fine - text", "1", "1.00", "T1", "4000")],
                  reference="=1+1")  # fmt: skip
    auth.login_office()
    _, rows, _ = exported(client, "sales_invoices", "ledgerbridge")
    mine = [row for row in rows if row[0] == "INV-00020"]
    assert mine[0][4] == '\'=HYPERLINK("http://x.example","y")'
    assert mine[0][6] == "'=1+1"
    assert [row[8] for row in mine] == [
        "'+SUM(1,2)", "'-2+3", "'@cmd", "'\tTabbed", "'\rReturned", "Fine - text"
    ]  # fmt: skip
    _, rows, _ = exported(client, "credit_notes", "xero")
    assert rows[0][16] == "-1"  # a number we wrote stays a number


def test_cell_rules():
    assert formats.cell(Decimal("-12.00")) == "-12.00"
    assert formats.cell(Decimal("1E+1")) == "10"
    assert formats.cell("-12.00") == "'-12.00"  # text that looks like a number
    assert formats.cell(None) == ""
    assert formats.cell(True) == "Yes"
    assert formats.cell("plain") == "plain"


def test_default_tax_mapping_by_rate():
    def key(rate, name="x", code="X"):
        return rate_key(Tax(code, name, Decimal(rate), "local"))

    assert key("20.0000") == "20" and key("5") == "5"
    assert key("0", "Zero rated") == "zero"
    assert key("0", "Exempt") == "exempt"
    assert key("0", "No VAT") == "none"
    assert key("0", "Outside the scope") == "none"
    assert key("12.5") is None
    assert DEFAULTS["sage50"]["none"] == "T9"


def test_sage_keeps_a_t_code_and_refuses_an_unknown_rate(company):
    from app.exports.codes import Codes

    codes = Codes(taxes={1: Tax("T2", "Exempt", Decimal(0), "local"),
                         2: Tax("VAT20", "Standard", Decimal(20), "local"),
                         3: Tax("X", "Odd", Decimal("17.5"), "local")})  # fmt: skip
    assert codes.sage_tax(1, 1) == "T2"
    assert codes.sage_tax(2, 1) == "T1"
    with pytest.raises(Refused, match=r"^Line 4: tax code X \(17.5%\) has no Sage"):
        codes.sage_tax(3, 4)
