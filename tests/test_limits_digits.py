"""Digits are ASCII: numbers as an office types them, and no 500 for "²" or "١"."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, Payment, SalesInvoice
from app.money import parse_decimal
from tests import factories
from tests.conftest import htmx_headers
from tests.test_limits_lines import document_form
from tests.test_payments import payment_form

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TYPED = [
    ("1,234.50", "1234.50"),
    ("£1,234.50", "1234.50"),
    ("£ 12", "12"),
    ("  7.5  ", "7.5"),
    ("-£5", "-5"),
    ("£-5", "-5"),
    ("+3", "3"),
    ("1234567", "1234567"),
    ("12,345,678.9", "12345678.9"),
    ("0.5", "0.5"),
    (".5", "0.5"),
    ("12.", "12"),
]
NOT_NUMBERS = [
    "１２",  # fullwidth
    "٣",  # Arabic-Indic three
    "१०",  # Devanagari ten
    "²",
    "1_000",
    "1,2,3",
    "12,34",
    "1,2345",
    "1234,567",
    ",123",
    "1.2.3",
    "1 000",
    "--1",
    "-£-1",
    "1e3",
    "NaN",
    "Infinity",
    "0x10",
    "£",
    "12£",
    "1.5%",
]


@pytest.mark.parametrize(("text", "value"), TYPED)
def test_what_an_office_types_is_a_number(text, value):
    assert parse_decimal(text, places=4) == Decimal(value)


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_anything_else_is_not(text):
    with pytest.raises(ValueError, match="must be a number, like 12.50"):
        parse_decimal(text, places=4)


@pytest.mark.parametrize("text", ["１２", "٣", "1_000", "1,2,3"])
def test_every_money_and_quantity_field_refuses_them(client, auth, company, text):
    invoice = factories.make_invoice(company)
    auth.login()
    paid = client.post("/payments/new", data=payment_form(invoice, text))
    assert "Amount must be a number, like 12.50." in paid.get_data(as_text=True)
    rate = client.post(
        "/codes/tax/new", data={"name": "Odd", "code": "T9", "rate": text}
    )
    assert "Rate must be a number, like 12.50." in rate.get_data(as_text=True)
    for field in ("quantity", "unit_price"):
        data = document_form(company, "invoices", [("1", "10.00")], number="X-1")
        data[f"lines-0-{field}"] = text
        page = client.post("/invoices/new", data=data).get_data(as_text=True)
        label = "Quantity" if field == "quantity" else "Unit price"
        assert f"{label} must be a number, like 12.50." in page
        # The live totals preview shows no amount for the line either.
        data["which"] = "totals"
        totals = client.post("/invoices/lines", data=data).get_data(as_text=True)
        assert '<span id="line-net-0" hx-swap-oob="true">–</span>' in totals
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Payment.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(SalesInvoice.id))) == 1


def test_thousands_and_pound_signs_are_kept_as_typed(client, auth, company):
    auth.login()
    data = document_form(company, "invoices", [("1,000", "£1,234.50")], number="X-2")
    reply = client.post("/invoices/new", data=data)
    assert reply.status_code == 302, reply.get_data(as_text=True)[:3000]
    invoice = db.session.scalar(sa.select(SalesInvoice))
    assert invoice.lines[0].quantity == 1000
    assert invoice.net_total == Decimal("1234500.00")


def test_an_id_in_other_digits_is_no_id(client, auth, company):
    auth.login()
    data = document_form(company, "invoices", [("1", "10.00")], number="X-3")
    customer_id = data["customer_id"]
    wide = str(customer_id).translate(FULLWIDTH)
    for odd in (wide, f" {customer_id}", f"0_{customer_id}"):
        data["customer_id"] = odd
        page = client.post("/invoices/new", data=data).get_data(as_text=True)
        assert "Choose a customer." in page
    assert db.session.scalar(sa.select(sa.func.count(SalesInvoice.id))) == 0


@pytest.mark.parametrize(
    ("url", "prefix", "make"),
    [
        ("/invoices/new", "INV", lambda c, n: factories.make_invoice(c, number=n)),
        (
            "/credit-notes/new",
            "CN",
            lambda c, n: factories.make_credit_note(
                factories.make_invoice(c), number=n
            ),
        ),
    ],
    ids=["invoice", "credit-note"],
)
def test_a_number_in_other_digits_does_not_break_the_next_number(
    client, auth, company, url, prefix, make
):
    make(company, f"{prefix}-00007")
    for odd in ("²", "١٢", "１２３", "2³"):
        make(company, f"{prefix}-{odd}")
    auth.login()
    reply = client.get(url)
    assert reply.status_code == 200
    assert f'value="{prefix}-00008"' in reply.get_data(as_text=True)
    model = SalesInvoice if prefix == "INV" else CreditNote
    assert model.next_number(db.session, company.id, prefix) == f"{prefix}-00008"


@pytest.mark.parametrize("odd", ["²", "٣", "１", "1_0", "99999999999999999999999"])
def test_line_numbers_in_other_digits_are_ignored(client, auth, company, odd):
    auth.login()
    data = document_form(company, "invoices", [("1", "10.00")], number="X-4")
    data[f"lines-{odd}-description"] = "Sneaky"
    data[f"lines-{odd}-quantity"] = "5"
    for url, action in (
        ("/invoices/lines", "add_line"),
        ("/invoices/lines", f"remove_line-{odd}"),
        ("/invoices/new", f"remove_line-{odd}"),
        ("/invoices/new", "save"),
    ):
        data["action"] = action
        reply = client.post(url, data=data, headers=htmx_headers("lines"))
        assert reply.status_code in (200, 302), f"{url} {action}"
        assert "Sneaky" not in reply.get_data(as_text=True)
    (invoice,) = db.session.scalars(sa.select(SalesInvoice)).all()
    assert [line.description for line in invoice.lines] == ["Line 1"]


def test_a_session_naming_a_user_in_other_digits_is_signed_out(app, client, company):
    with client.session_transaction() as session:
        session["_user_id"] = "²"
        session["_fresh"] = True
    reply = client.get("/invoices/")
    assert reply.status_code == 302 and "/login" in reply.headers["Location"]


def test_the_quickbooks_sandbox_sorts_odd_digits_as_text():
    from sandbox.quickbooks.query import sort_key

    assert sort_key("²") == (0, "²")
    assert sort_key("12") == (0, Decimal("12"))
