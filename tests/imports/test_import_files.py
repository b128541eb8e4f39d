"""Files as they arrive: encodings, delimiters, headers, sizes and things not CSV."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Customer, ImportUpload, Supplier
from app.models.base import utcnow
from tests.imports.helpers import (
    URL,
    confirm,
    count,
    csv_text,
    errors,
    preview,
    upload,
    upload_and_confirm,
    upload_id,
    valid_count,
)

ROWS = [
    ["Name", "Address line 1", "Email"],
    ["Café Noël £ Ltd", "1 Rue", "a@b.example"],
]


def problem(response):
    page = response.get_data(as_text=True)
    start = page.index("data-problem>") + len("data-problem>")
    return page[start : page.index("</p>", start)].replace("&#39;", "'")


@pytest.mark.parametrize(
    "encoding,expected",
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8"), ("cp1252", "CP1252")],
)
def test_encodings_are_read_correctly(client, auth, company, encoding, expected):
    auth.login_office()
    data = csv_text(ROWS).encode(encoding)
    upload_ = upload_id(upload(client, "customers", data))
    assert f"Read as {expected}" in preview(client, upload_)
    confirm(client, upload_)
    customer = db.session.scalar(Customer.for_company(company.id))
    assert customer.name == "Café Noël £ Ltd"


@pytest.mark.parametrize("delimiter,name", [(";", "semicolon"), ("\t", "tab")])
def test_semicolons_and_tabs_are_found(client, auth, company, delimiter, name):
    auth.login_office()
    data = csv_text(ROWS + [["Two, Three & Co", "x", ""]], delimiter)
    page = preview(client, upload_id(upload(client, "customers", data)))
    assert f"{name} separated" in page
    assert valid_count(page) == 2


def test_a_wrong_delimiter_is_explained(client, auth, company):
    auth.login_office()
    data = "Supplier|Invoice number|Invoice date|Description|Unit price\nA|1|x|y|2\n"
    response = upload(client, "purchase_invoices", data)
    assert response.status_code == 400
    assert "Every line came out as one column" in problem(response)
    assert count(ImportUpload) == 0


def test_a_missing_header_is_explained(client, auth, company):
    auth.login_office()
    response = upload(client, "customers", "Brightwater Housing,ap@b.example\n")
    assert response.status_code == 400
    assert problem(response).startswith(
        "The first line is not a header we recognise. It should name the columns, "
        "like: Name, Account number"
    )


def test_missing_required_columns_are_named(client, auth, company):
    auth.login_office()
    response = upload(
        client, "purchase_invoices", "Supplier,Invoice date,Description\nA,1/1/2026,x\n"
    )
    assert problem(response) == (
        "Required columns are missing: Invoice number (or invoiceno), Unit price "
        "(or unitamount), Nominal code (or accountcode), Tax code (or taxtype)."
    )


def test_headers_match_ignoring_case_spaces_and_stars(client, auth, company):
    auth.login_office()
    data = "  *NAME ,E_MAIL ADDRESS,Post Code,Shoe size\nA Ltd,a@a.example,ab1 2cd,9\n"
    page = preview(client, upload_id(upload(client, "customers", data)))
    assert "Columns not used: Shoe size." in page
    assert valid_count(page) == 1


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "The file is empty."),
        (b" \r\n\r\n", "The file is empty."),
        (b"PK\x03\x04\x14\x00\x06\x00", "This is not a CSV text file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This is not a CSV text file"),
        (b"Name\r\n\x81\x8d\x8f\r\n", "This file cannot be read as text."),
        (b"Name\r\n" + b"A\x07B\x01\r\n" * 6, "This file cannot be read as text."),
        (b"Name,Email\r\n", "The file has a header but no rows to import."),
        (b"\r\nName\r\nA\r\n", "The first line is blank"),
        (b'Name\r\n"unclosed\r\n', ""),  # read to the end as one cell: fine
    ],
)
def test_bad_files_get_a_clear_message(client, auth, company, data, message):
    auth.login_office()
    response = upload(client, "customers", data)
    if not message:
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert problem(response).startswith(message)
    assert count(ImportUpload) == 0


def test_a_file_over_the_limit_is_refused_politely(make_app, company):
    app = make_app(IMPORT_MAX_BYTES=1000)
    client = app.test_client()
    client.post(
        "/login",
        data={"email": "office@acme.example", "password": "correct horse battery"},
    )
    small = csv_text([["Name"], ["A"]])
    assert upload(client, "customers", small).status_code == 302
    big = csv_text([["Name"]] + [[f"Customer {i}"] for i in range(200)])
    response = upload(client, "customers", big)
    assert response.status_code == 413
    assert problem(response) == (
        "The file is larger than the 1,000 bytes limit. Split it and import each part."
    )
    huge = big * 40  # larger than the limit plus room for the form: refused unread
    response = upload(client, "customers", huge)
    assert response.status_code == 413
    assert "larger than the 1,000 bytes limit" in problem(response)


def test_a_request_over_the_app_limit_gets_a_friendly_page(make_app, company):
    app = make_app(MAX_CONTENT_LENGTH=2000)
    client = app.test_client()
    client.post(
        "/login",
        data={"email": "office@acme.example", "password": "correct horse battery"},
    )
    response = client.post(
        "/customers/new", data={"name": "x" * 5000}, content_type="multipart/form-data"
    )
    assert response.status_code == 413
    assert "That upload is too large" in response.get_data(as_text=True)


def test_too_many_rows_is_explained(make_app, company):
    app = make_app(IMPORT_MAX_ROWS=3)
    client = app.test_client()
    client.post(
        "/login",
        data={"email": "office@acme.example", "password": "correct horse battery"},
    )
    response = upload(
        client, "customers", csv_text([["Name"], ["A"], ["B"], ["C"], ["D"]])
    )
    assert problem(response).startswith("The file has more than 3 rows.")


def test_a_stray_control_character_is_the_cells_problem(client, auth, company):
    auth.login_office()
    page = preview(client, upload_id(upload(client, "customers", "Name\nA\x07B\nOk\n")))
    assert errors(page) == {
        (2, "Name"): "Contains a control character; retype the cell."
    }
    assert valid_count(page) == 1


def test_row_numbers_count_spreadsheet_rows_not_lines(client, auth, company):
    auth.login_office()
    data = 'Name,Email\r\n"Two\r\nLines Ltd",\r\n\r\nBad,nope\r\n'
    page = preview(client, upload_id(upload(client, "customers", data)))
    # The blank spreadsheet row 3 is skipped but still counted.
    assert list(errors(page)) == [(4, "Email")]


def test_no_file_or_kind_chosen(client, auth, company):
    auth.login_office()
    response = client.post(URL, data={"kind": "customers"})
    assert response.status_code == 400
    assert problem(response) == "Choose a CSV file to upload."
    response = client.post(URL, data={"kind": "invoices"})
    assert problem(response) == "Choose what the file contains."


def test_an_expired_upload_cannot_be_confirmed(client, auth, company):
    auth.login_office()
    upload_ = upload_id(upload(client, "suppliers", csv_text([["Name"], ["Late Ltd"]])))
    row = db.session.get(ImportUpload, upload_)
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert "This upload has expired" in preview(client, upload_)
    response = confirm(client, upload_, "x")
    assert response.status_code == 409
    assert count(Supplier) == 0
    client.get(URL)  # the listing deletes expired files
    page = client.get(f"{URL}{upload_}/rejected.csv", follow_redirects=True)
    assert "This upload has expired" in page.get_data(as_text=True)


def test_excel_style_amounts_and_dates(client, auth, company):
    from tests import factories

    factories.make_supplier(company, name="Acme Tools")
    auth.login_office()
    data = csv_text(
        [
            [
                "Supplier",
                "Invoice number",
                "Date",
                "Due date",
                "Description",
                "Qty",
                "Rate",
                "Nominal code",
                "T-code",
            ],
            [
                "Acme Tools",
                "7",
                "2026-01-31",
                "28/02/26",
                "Drill",
                "2",
                "£1,000.50",
                "5000",
                "t1",
            ],
        ]
    )
    upload_and_confirm(client, "purchase_invoices", data)
    from app.models import PurchaseInvoice

    bill = db.session.scalar(PurchaseInvoice.for_company(company.id))
    assert str(bill.total) == "2401.20"
    assert bill.due_date.isoformat() == "2026-02-28"
