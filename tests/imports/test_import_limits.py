"""Purchase invoice imports keep to what one document holds, and to ASCII numbers."""

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
    upload,
    upload_id,
    valid_count,
)
from tests.imports.test_import_purchases import XERO_BILL_HEADER, bill_row

LIMIT = "£999,999,999,999.99"


def checked(client, rows):
    """The preview of these bill rows, and its upload id."""
    upload_row = upload_id(
        upload(client, "purchase_invoices", csv_text([XERO_BILL_HEADER, *rows]))
    )
    return preview(client, upload_row), upload_row


def test_an_invoice_of_too_many_lines_is_refused_whole(client, auth, company):
    factories.make_supplier(company)
    auth.login_office()
    rows = [bill_row("BIG-1", f"Line {i}", "1", "1.00") for i in range(205)]
    rows.append(bill_row("OK-1", "Fine", "1", "10"))
    page, upload_row = checked(client, rows)
    found = errors(page)
    assert found[(2, "*InvoiceNumber")] == (
        "Invoice BIG-1: A document can have at most 200 lines and this one has 205: "
        "remove 5, or split it into two documents."
    )
    assert found[(206, "Invoice")] == (
        "Not imported: row 2 of the same invoice has a problem."
    )
    assert valid_count(page) == 1
    confirm(client, upload_row)
    db.session.expire_all()
    (bill,) = db.session.scalars(PurchaseInvoice.for_company(company.id)).all()
    assert bill.number == "OK-1"


def test_two_hundred_lines_import_whole(client, auth, company):
    factories.make_supplier(company)
    auth.login_office()
    rows = [bill_row("FULL-1", f"Line {i}", "1", "1.20") for i in range(200)]
    page, upload_row = checked(client, rows)
    assert errors(page) == {} and valid_count(page) == 200
    confirm(client, upload_row)
    bill = db.session.scalar(PurchaseInvoice.for_company(company.id))
    assert len(bill.lines) == 200 and bill.net_total == Decimal("240.00")


def test_amounts_past_the_columns_get_clear_messages(client, auth, company):
    factories.make_supplier(company)
    auth.login_office()
    rows = [
        bill_row("Q-1", "Quantity", "999,999,999", "1"),
        bill_row("P-1", "Price", "1", "99999999999"),
        bill_row("L-1", "Line", "99,999,999", "9,999,999,999", tax="T0"),
        bill_row("T-1", "Half", "90", "9999999999", tax="T0"),
        bill_row("T-1", "Other half", "90", "9999999999", tax="T0"),
        bill_row("V-1", "With VAT", "90", "9999999999"),
    ]
    found = errors(checked(client, rows)[0])
    assert found[(2, "*Quantity")] == "Quantity must be at most 99,999,999.9999."
    assert found[(3, "*UnitAmount")] == (
        "Unit price must be at most 9,999,999,999.9999."
    )
    assert found[(4, "*UnitAmount")] == (
        f"The line comes to £999,999,989,900,000,001.00, more than the {LIMIT} "
        "an amount can be."
    )
    assert found[(5, "*UnitAmount")] == (
        f"Invoice T-1: The total comes to £1,799,999,999,820.00, more than the "
        f"{LIMIT} an amount can be."
    )
    assert found[(7, "*UnitAmount")] == (
        f"The line comes to £1,079,999,999,892.00, more than the {LIMIT} "
        "an amount can be."
    )
    assert count(PurchaseInvoice) == 0


def test_the_largest_amounts_that_fit_are_kept_exactly(client, auth, company):
    factories.make_supplier(company)
    auth.login_office()
    rows = [bill_row("MAX-1", "Most", "99,999,999.9999", "9,999.9999", tax="T0")]
    page, upload_row = checked(client, rows)
    assert errors(page) == {}
    confirm(client, upload_row)
    db.session.expire_all()
    bill = db.session.scalar(PurchaseInvoice.for_company(company.id))
    line = bill.lines[0]
    assert line.quantity == Decimal("99999999.9999")
    assert line.unit_price == Decimal("9999.9999")
    assert bill.total == Decimal("999999989999.00")


def test_numbers_in_other_digits_or_shapes_are_refused(client, auth, company):
    factories.make_supplier(company)
    auth.login_office()
    rows = [
        bill_row("D-1", "Wide", "１２", "1"),
        bill_row("D-2", "Arabic", "1", "٣"),
        bill_row("D-3", "Underscore", "1_000", "1"),
        bill_row("D-4", "Commas", "1", "1,2,3"),
        bill_row("D-5", "Typed", "1,000", "£1,234.50"),
    ]
    page, upload_row = checked(client, rows)
    assert errors(page) == {
        (2, "*Quantity"): "Quantity must be a number, like 12.50.",
        (3, "*UnitAmount"): "Unit price must be a number, like 12.50.",
        (4, "*Quantity"): "Quantity must be a number, like 12.50.",
        (5, "*UnitAmount"): "Unit price must be a number, like 12.50.",
    }
    confirm(client, upload_row)
    bill = db.session.scalar(PurchaseInvoice.for_company(company.id))
    assert bill.number == "D-5" and bill.net_total == Decimal("1234500.00")
