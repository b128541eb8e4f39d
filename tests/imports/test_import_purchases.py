"""Importing purchase invoices: lines grouped into invoices, amounts, VAT, rules."""

from datetime import date
from decimal import Decimal

from app.extensions import db
from app.models import PurchaseInvoice
from tests import factories
from tests.imports.helpers import (
    confirm,
    count,
    csv_text,
    errors,
    preview,
    seen,
    upload,
    upload_and_confirm,
    upload_id,
    valid_count,
)

XERO_BILL_HEADER = [
    "*ContactName",
    "EmailAddress",
    "POAddressLine1",
    "POPostalCode",
    "*InvoiceNumber",
    "Reference",
    "*InvoiceDate",
    "*DueDate",
    "InventoryItemCode",
    "*Description",
    "*Quantity",
    "*UnitAmount",
    "*AccountCode",
    "*TaxType",
    "Currency",
]


def bill_row(
    number,
    description,
    qty,
    price,
    tax="T1",
    supplier="City Plumbing Supplies",
    issued="31/01/2026",
    due="02/03/2026",
    nominal="5000",
    reference="Job 7",
):
    return [
        supplier,
        "",
        "",
        "",
        number,
        reference,
        issued,
        due,
        "",
        description,
        qty,
        price,
        nominal,
        tax,
        "GBP",
    ]


def test_purchase_invoices_import_with_lines_amounts_and_vat(client, auth, company):
    supplier = factories.make_supplier(company)
    other = factories.make_supplier(company, name="Tile Depot", account_number="TD1")
    auth.login_office()
    rows = [
        XERO_BILL_HEADER,
        bill_row("CPS-1", "Copper pipe", "10", "7.50"),
        bill_row("CPS-1", "Boiler", "1", "£1,200.00", tax="T5"),
        bill_row(
            "TD-9",
            "Tiles",
            "3",
            "19.99",
            tax="Zero rated",
            supplier="tile depot",
            due="",
        ),
    ]
    upload_and_confirm(client, "purchase_invoices", csv_text(rows))

    bills = db.session.scalars(
        PurchaseInvoice.for_company(company.id).order_by(PurchaseInvoice.number)
    ).all()
    assert [(b.supplier_id, b.number) for b in bills] == [
        (supplier.id, "CPS-1"),
        (other.id, "TD-9"),
    ]
    cps, td = bills
    assert cps.status == PurchaseInvoice.DRAFT
    assert (cps.issue_date, cps.due_date, cps.reference) == (
        date(2026, 1, 31),
        date(2026, 3, 2),
        "Job 7",
    )
    assert [
        (line.description, line.net_amount, line.tax_amount) for line in cps.lines
    ] == [
        ("Copper pipe", Decimal("75.00"), Decimal("15.00")),
        ("Boiler", Decimal("1200.00"), Decimal("60.00")),
    ]
    assert (cps.net_total, cps.tax_total, cps.total) == (
        Decimal("1275.00"),
        Decimal("75.00"),
        Decimal("1350.00"),
    )
    assert cps.lines[0].nominal_code.code == "5000"
    assert td.due_date == date(2026, 3, 2)  # 30 days after 31/01/2026
    assert (td.total, td.lines[0].tax_code.code) == (Decimal("59.97"), "T0")


def test_xero_tax_types_map_to_the_company_codes_by_rate(client, auth, company):
    factories.make_supplier(company)
    auth.login()
    rows = [
        XERO_BILL_HEADER,
        bill_row("A", "Standard", "1", "10", tax="INPUT2"),
        bill_row("A", "Reduced", "1", "10", tax="5% (VAT on Expenses)"),
        bill_row("A", "Zero", "1", "10", tax="ZERORATEDINPUT"),
    ]
    upload_and_confirm(client, "purchase_invoices", csv_text(rows))
    bill = db.session.scalar(PurchaseInvoice.for_company(company.id))
    assert [line.tax_code.code for line in bill.lines] == ["T1", "T5", "T0"]


def test_preview_lists_each_problem_by_row_and_column(client, auth, company):
    factories.make_supplier(company)
    auth.login_office()
    rows = [
        XERO_BILL_HEADER,
        bill_row("A-1", "Fine", "1", "10"),
        bill_row("B-1", "Bad date", "1", "10", issued="31/02/2026", due=""),
        bill_row("C-1", "Bad amount", "two", "abc"),
        bill_row("D-1", "Who", "1", "10", supplier="Nobody Ltd"),
        bill_row("E-1", "Codes", "1", "10", nominal="9999", tax="T7"),
        bill_row("F-1", "Sales code", "1", "10", nominal="4000"),
        bill_row("G-1", "", "1", "10.123456"),
    ]
    page = preview(
        client, upload_id(upload(client, "purchase_invoices", csv_text(rows)))
    )
    assert valid_count(page) == 1
    assert errors(page) == {
        (3, "*InvoiceDate"): "Enter a date like 31/01/2026.",
        (4, "*Quantity"): "Quantity must be a number, like 12.50.",
        (4, "*UnitAmount"): "Unit price must be a number, like 12.50.",
        (
            5,
            "*ContactName",
        ): "No supplier called Nobody Ltd. Add them first, or import your suppliers.",
        (6, "*AccountCode"): "No nominal code 9999.",
        (6, "*TaxType"): "No tax code T7.",
        (
            7,
            "*AccountCode",
        ): "4000 is a revenue code; purchases go to expense or asset codes.",
        (8, "*Description"): "Description is required.",
        (8, "*UnitAmount"): "Unit price can have at most 4 decimal places.",
    }


def test_supplier_invoice_numbers_already_used_or_split(client, auth, company):
    supplier = factories.make_supplier(company)
    factories.make_purchase_invoice(company, supplier, number="CPS-1")
    auth.login_office()
    rows = [
        XERO_BILL_HEADER,
        bill_row("cps-1", "Again", "1", "10"),
        bill_row("N-2", "First line", "1", "10"),
        bill_row("N-3", "Other", "1", "10"),
        bill_row("N-2", "Stray line", "1", "10"),
        bill_row("N-4", "Dated", "1", "10"),
        bill_row("N-4", "Dated differently", "1", "10", issued="01/02/2026"),
    ]
    page = preview(
        client, upload_id(upload(client, "purchase_invoices", csv_text(rows)))
    )
    found = errors(page)
    assert found[(2, "*InvoiceNumber")] == (
        "City Plumbing Supplies already has an invoice numbered cps-1."
    )
    assert found[(5, "*InvoiceNumber")] == (
        "Invoice N-2 is already on row 3; keep an invoice's lines together."
    )
    assert found[(7, "*InvoiceDate")] == (
        "Differs from row 6 of the same invoice (31/01/2026)."
    )
    assert (
        found[(6, "Invoice")]
        == "Not imported: row 7 of the same invoice has a problem."
    )
    assert valid_count(page) == 2  # N-2's first line and N-3


def test_an_invoice_with_one_bad_line_is_refused_whole(client, auth, company):
    factories.make_supplier(company)
    auth.login_office()
    rows = [
        XERO_BILL_HEADER,
        bill_row("X", "Good", "1", "10"),
        bill_row("X", "Bad", "1", "-5"),
    ]
    upload_id_ = upload_id(upload(client, "purchase_invoices", csv_text(rows)))
    page = preview(client, upload_id_)
    assert valid_count(page) == 0
    assert seen(page) == ""  # no confirm button
    assert confirm(client, upload_id_, "anything").status_code == 409
    assert count(PurchaseInvoice) == 0
