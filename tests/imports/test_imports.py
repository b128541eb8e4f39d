"""Importing each kind end to end: preview, per-cell errors, duplicates, confirm."""

from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    AccountsConnection,
    Customer,
    ImportUpload,
    NominalCode,
    PurchaseInvoice,
    Supplier,
    TaxCode,
)
from tests import factories
from tests.imports.helpers import (
    URL,
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


def db_customers(company):
    return db.session.scalars(
        Customer.for_company(company.id).order_by(Customer.name)
    ).all()


def test_customers_import_end_to_end(client, auth, company):
    auth.login_office()
    data = csv_text(
        [
            [
                "Customer name",
                "Account Reference",
                "Email Address",
                "Post code",
                "Country",
            ],
            ["Brightwater Housing", "C0001", "ap@bright.example", "m1 1aa", ""],
            ["Tarn Lettings", "", "", "", "IE"],
        ]
    )
    response = upload(client, "customers", data, "customers.csv")
    page = preview(client, upload_id(response))
    assert valid_count(page) == 2
    assert "Nothing is half-imported: valid rows go in together, or none do." in page
    assert count(Customer) == 0  # the preview writes nothing

    upload_and_confirm(client, "customers", data)
    bright, tarn = db_customers(company)
    assert (bright.name, bright.account_number, bright.email) == (
        "Brightwater Housing",
        "C0001",
        "ap@bright.example",
    )
    assert (bright.postcode, bright.country) == ("M1 1AA", "GB")
    assert (tarn.account_number, tarn.country) == (None, "IE")


def test_suppliers_import_reads_a_xero_contact_export(client, auth, company):
    auth.login_office()
    data = csv_text(
        [
            [
                "*ContactName",
                "AccountNumber",
                "EmailAddress",
                "POAddressLine1",
                "POCity",
                "POPostalCode",
                "POCountry",
            ],
            [
                "City Plumbing",
                "S1",
                "a@cp.example",
                "1 Mill Lane",
                "Leeds",
                "LS1 1AA",
                "United Kingdom",
            ],
        ]
    )
    upload_and_confirm(client, "suppliers", data)
    supplier = db.session.scalar(Supplier.for_company(company.id))
    assert (supplier.name, supplier.account_number, supplier.city) == (
        "City Plumbing",
        "S1",
        "Leeds",
    )
    assert (supplier.address_line1, supplier.country) == ("1 Mill Lane", "GB")


def test_codes_import_for_admins(client, auth, company):
    auth.login()
    upload_and_confirm(
        client,
        "tax_codes",
        csv_text([["Tax code", "Name", "Rate"], ["T9", "Outside scope", "0%"]]),
    )
    upload_and_confirm(
        client,
        "nominal_codes",
        csv_text(
            [["Nominal A/C Ref", "Account name", "Type"], ["7100", "Rent", "Overheads"]]
        ),
    )
    tax = factories.tax_code(company, "T9")
    assert (tax.name, tax.rate, tax.source) == ("Outside scope", Decimal(0), "local")
    rent = factories.nominal_code(company, "7100")
    assert (rent.name, rent.type) == ("Rent", "expense")


def test_contact_problems_per_cell(client, auth, company):
    auth.login_office()
    rows = [
        ["Name", "Email", "Country", "Postcode"],
        ["", "x@y.example", "GB", ""],
        ["Ok Ltd", "not-an-email", "Narnia", "P" * 21],
    ]
    page = preview(client, upload_id(upload(client, "customers", csv_text(rows))))
    assert errors(page) == {
        (2, "Name"): "Name is required.",
        (3, "Email"): "Enter an email address like accounts@example.co.uk.",
        (3, "Country"): "Use the two-letter country code, like GB.",
        (3, "Postcode"): "Keep the postcode to 20 characters or fewer (this has 21).",
    }


def test_duplicates_within_the_file_and_against_data(client, auth, company):
    factories.make_customer(company, name="Old Account", account_number="C1")
    factories.make_customer(company, name="Known Name")
    auth.login_office()
    rows = [
        ["Name", "Account number"],
        ["New One", "c1"],
        ["Twin", "C2"],
        ["Twin Again", "C2"],
        ["known name", ""],
        ["Fresh", ""],
        ["fresh", ""],
    ]
    page = preview(client, upload_id(upload(client, "customers", csv_text(rows))))
    assert errors(page) == {
        (2, "Account number"): "Account number c1: Old Account already uses it.",
        (4, "Account number"): "Account number C2: also on row 3.",
        (5, "Name"): "known name is already on file; give an account number.",
        (7, "Name"): "fresh is also on row 6; give an account number.",
    }
    assert valid_count(page) == 2


def test_rejected_rows_download_with_reasons(client, auth, company):
    auth.login_office()
    rows = [
        ["Name", "Email"],
        ["Good Ltd", ""],
        ["Bad Ltd", "nope"],
        ["", '=HYPERLINK("x")'],
    ]
    upload_ = upload_id(upload(client, "customers", csv_text(rows), "my list.csv"))
    response = client.get(f"{URL}{upload_}/rejected.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "mylist-rejected.csv" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    assert text[1:].splitlines() == [
        "Name,Email,Reason",
        "Bad Ltd,nope,Row 3: Email: Enter an email address like "
        "accounts@example.co.uk.",
        ',"\'=HYPERLINK(""x"")",Row 4: Name: Name is required.; Email: Enter an email '
        "address like accounts@example.co.uk.",
    ]
    confirm(client, upload_)
    # After the import the refused rows stay the same; imported ones do not join them.
    after = client.get(f"{URL}{upload_}/rejected.csv").data.decode("utf-8")
    assert after == text


def test_confirm_twice_imports_once(client, auth, company):
    auth.login_office()
    data = csv_text([["Name"], ["Once Ltd"]])
    upload_ = upload_id(upload(client, "customers", data))
    fingerprint = seen(preview(client, upload_))
    assert confirm(client, upload_, fingerprint).status_code == 302
    again = confirm(client, upload_, fingerprint)
    assert again.status_code == 409
    assert "imported already" in again.get_data(as_text=True)
    assert count(Customer) == 1
    row = db.session.get(ImportUpload, upload_)
    assert (row.status, row.rows_valid, row.rows_rejected) == ("imported", 1, 0)
    assert "Imported 1 of 1 rows" in preview(client, upload_)


def test_nothing_is_written_when_the_database_refuses_one_row(client, auth, company):
    auth.login_office()
    data = csv_text([["Name"], ["Fine Ltd"], ["Boom Ltd"], ["Also Fine"]])
    upload_ = upload_id(upload(client, "suppliers", data))
    with refusing_supplier("Boom Ltd"):
        response = confirm(client, upload_)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Nothing was imported: the database refused the import" in page
    assert count(Supplier) == 0
    assert db.session.get(ImportUpload, upload_).status == ImportUpload.PREVIEWED
    # The cause removed, the same preview imports all three.
    assert confirm(client, upload_).status_code == 302
    assert count(Supplier) == 3


class refusing_supplier:
    """A database trigger that refuses one supplier's INSERT, as a real fault would."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        if db.engine.dialect.name == "postgresql":
            statements = [
                "CREATE FUNCTION refuse_supplier() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.name = '{self.name}' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_supplier BEFORE INSERT ON suppliers "
                "FOR EACH ROW EXECUTE FUNCTION refuse_supplier()",
            ]
        else:
            statements = [
                "CREATE TRIGGER refuse_supplier BEFORE INSERT ON suppliers "
                f"WHEN NEW.name = '{self.name}' "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            ]
        for statement in statements:
            db.session.execute(sa.text(statement))
        db.session.commit()

    def __exit__(self, *_exc):
        db.session.rollback()
        db.session.execute(
            sa.text(
                "DROP TRIGGER refuse_supplier"
                + (" ON suppliers" if db.engine.dialect.name == "postgresql" else "")
            )
        )
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text("DROP FUNCTION refuse_supplier()"))
        db.session.commit()


def test_a_stale_preview_is_not_imported(client, auth, company):
    auth.login_office()
    upload_ = upload_id(
        upload(
            client,
            "customers",
            csv_text([["Name", "Account"], ["A", "C1"], ["B", "C2"]]),
        )
    )
    fingerprint = seen(preview(client, upload_))
    factories.make_customer(company, name="Someone", account_number="C2")
    response = confirm(client, upload_, fingerprint)
    assert response.status_code == 409
    assert "Your data changed since this preview" in response.get_data(as_text=True)
    assert count(Customer) == 1
    assert confirm(client, upload_).status_code == 302  # the fresh preview's one row
    assert count(Customer) == 2


def test_office_users_cannot_import_codes(client, auth, company):
    auth.login_office()
    page = client.get(URL).get_data(as_text=True)
    assert 'value="tax_codes"' not in page
    assert "can be imported by an admin" in page
    data = csv_text([["Code", "Name", "Rate"], ["T9", "Nine", "9"]])
    assert upload(client, "tax_codes", data).status_code == 403
    auth.logout()
    auth.login()
    upload_ = upload_id(upload(client, "tax_codes", data))
    auth.logout()
    auth.login_office()
    assert confirm(client, upload_, "x").status_code == 403
    assert count(TaxCode, company) == 3


def test_codes_are_refused_while_a_package_is_linked(client, auth, company):
    auth.login()
    data = csv_text([["Code", "Name", "Type"], ["7100", "Rent", "expense"]])
    upload_ = upload_id(upload(client, "nominal_codes", data))
    db.session.add(
        AccountsConnection(
            company_id=company.id,
            provider="xero",
            status=AccountsConnection.CONNECTED,
            remote_id="tenant-1",
        )
    )
    db.session.commit()
    assert "cannot be imported while an accounts package is connected" in (
        client.get(URL).get_data(as_text=True)
    )
    refused = upload(client, "nominal_codes", data)
    assert refused.status_code == 400
    assert "Codes come from your connected accounts package" in refused.get_data(
        as_text=True
    )
    assert confirm(client, upload_, "x").status_code == 400
    assert count(NominalCode, company) == 4
    # Customers are still fine.
    upload_and_confirm(client, "customers", csv_text([["Name"], ["Still Ok"]]))


def test_another_companys_upload_is_404(client, auth, company, other_company):
    auth.login()
    upload_ = upload_id(upload(client, "customers", csv_text([["Name"], ["Mine"]])))
    auth.logout()
    auth.login("admin@rival.example")
    assert client.get(f"{URL}{upload_}").status_code == 404
    assert client.get(f"{URL}{upload_}/rejected.csv").status_code == 404
    assert client.post(f"{URL}{upload_}/confirm", data={}).status_code == 404
    assert count(Customer) == 0


def test_templates_have_headers_and_an_example_that_imports(client, auth, company):
    factories.make_supplier(company)  # the example row's supplier
    auth.login_office()
    for kind in ("customers", "suppliers", "purchase_invoices", "tax_codes"):
        response = client.get(f"{URL}template/{kind}.csv")
        assert response.status_code == 200
        assert len(response.data.decode("utf-8").splitlines()) == 2
    template = client.get(f"{URL}template/purchase_invoices.csv").data
    assert template.decode("utf-8").startswith(
        "\ufeffSupplier,Supplier account,Invoice"
    )
    upload_and_confirm(client, "purchase_invoices", template)
    bill = db.session.scalar(PurchaseInvoice.for_company(company.id))
    assert (bill.number, bill.total) == ("CPS-10442", Decimal("90.00"))
    assert client.get(f"{URL}template/nope.csv").status_code == 404


def test_the_import_page_lists_recent_uploads(client, auth, company):
    auth.login_office()
    upload_id(
        upload(client, "customers", csv_text([["Name"], ["A"], ["B"]]), "list.csv")
    )
    page = client.get(URL).get_data(as_text=True)
    assert "list.csv" in page
    assert db.session.scalar(sa.select(ImportUpload.rows_total)) == 2
