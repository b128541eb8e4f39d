"""The exports pages: filters, streaming, the background job, expiry, scoping."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import current_app

from app.exports import writer
from app.extensions import db
from app.models import (
    Export,
    Notification,
)
from app.models.base import utcnow
from tests import factories
from tests.conftest import htmx_headers
from tests.exports.conftest import (
    BOM,
    JANUARY,
    bulk_invoices,
    export,
    exported,
    make_export,
    read_csv,
)
from tests.sync.conftest import work


def rows_of(client, kind, fmt, **filters):
    return exported(client, kind, fmt, **filters)[1]


def test_reports_page_links_to_export_and_import(client, auth, company):
    auth.login_office()
    page = client.get("/reports/").get_data(as_text=True)
    assert 'href="/reports/exports/"' in page
    assert 'href="/reports/imports/"' in page
    assert "arrives with the Reports module" not in page


def test_office_user_sees_the_form_the_matrix_and_the_defaults(client, auth, company):
    auth.login_office()
    page = client.get("/reports/exports/").get_data(as_text=True)
    assert "New export" in page and "No exports yet." in page
    assert "20% (VAT on Income)" in page and "T9" in page and "20.0% S" in page
    assert "Sales invoices, Credit notes, Payments, Purchase invoices" in page


def test_bom_pound_and_accents_in_the_bytes(client, auth, example):
    auth.login_office()
    body = export(client, "sales_invoices", "ledgerbridge").get_data()
    assert body.startswith(BOM)
    assert "Tuyaux £ spécial".encode() in body
    assert "Café Zoë".encode() in body
    assert b"\r\n" in body  # the csv module's line ends, which Excel expects


def test_filters_date_status_customer_supplier(client, auth, example, company):
    auth.login_office()
    numbers = lambda rows: sorted({row[0] for row in rows})  # noqa: E731
    assert numbers(rows_of(client, "sales_invoices", "ledgerbridge")) == [
        "INV-00001", "INV-00002", "INV-00003"
    ]  # fmt: skip
    window = {"date_from": "2026-01-06", "date_to": "11/01/2026"}
    assert numbers(rows_of(client, "sales_invoices", "ledgerbridge", **window)) == [
        "INV-00002"
    ]
    assert numbers(
        rows_of(client, "sales_invoices", "ledgerbridge", status="draft")
    ) == ["INV-00003"]
    only = {"customer_id": str(example.bright.id)}
    assert numbers(rows_of(client, "sales_invoices", "ledgerbridge", **only)) == [
        "INV-00001", "INV-00003"
    ]  # fmt: skip
    assert (
        rows_of(client, "payments", "ledgerbridge", customer_id=example.cafe.id) == []
    )
    other = factories.make_supplier(company, "Other Supplier")
    assert (
        rows_of(client, "purchase_invoices", "ledgerbridge", supplier_id=other.id) == []
    )
    assert len(rows_of(client, "purchase_invoices", "ledgerbridge",
                       supplier_id=example.supplier.id)) == 1  # fmt: skip
    example.cafe.active = False
    db.session.commit()
    assert [r[0] for r in rows_of(client, "customers", "ledgerbridge",
                                  status="inactive")] == ["Café Zoë"]  # fmt: skip
    outside = {"date_from": "01/02/2026", "date_to": "28/02/2026"}
    assert rows_of(client, "sales_invoices", "sage50", **outside) == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "everything"}, "Choose what to export from the list."),
        ({"format": "lotus123"}, "Choose a format from the list."),
        ({"kind": "payments", "format": "xero"},
         "Xero&#39;s CSV import takes sales invoices, credit notes and bills, not "
         "payments. Export payments as the LedgerBridge CSV instead."),
        ({"kind": "customers", "format": "sage50"}, "Sage 50&#39;s audit trail"),
        ({"date_from": "31/02/2026"}, "From: enter a date like 31/01/2026."),
        ({"date_from": "10/01/2026", "date_to": "09/01/2026"},
         "The end date is before the start date."),
        ({"format": "sage50", "status": "draft"},
         "Sage 50 Accounts takes approved documents only"),
        ({"status": "active"}, "Documents are draft, approved or void"),
        ({"kind": "payments", "status": "approved"}, "Payments have no status"),
        ({"kind": "customers", "status": "void"}, "Customers are active or inactive"),
        ({"kind": "customers", "date_from": "01/01/2026"},
         "Dates do not apply to customers; leave them empty."),
        ({"kind": "purchase_invoices", "customer_id": "1"},
         "A customer filter does not apply to purchase invoices"),
        ({"supplier_id": "1"}, "A supplier filter does not apply to sales invoices"),
        ({"customer_id": "999999"}, "Choose a customer from the list."),
        ({"customer_id": "not a number"}, "Choose a customer from the list."),
    ],
)  # fmt: skip
def test_bad_filters_get_a_message_and_no_export(client, auth, company, data, message):
    auth.login_office()
    form = {"kind": "sales_invoices", "format": "ledgerbridge", "status": "", **data}
    response = client.post("/reports/exports/", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "text/html" in response.content_type
    assert message in page
    assert db.session.scalar(sa.select(sa.func.count(Export.id))) == 0


def test_another_companys_customer_is_not_a_filter(
    client, auth, company, other_company
):
    theirs = factories.make_customer(other_company, "Rival Customer")
    auth.login_office()
    response = export(client, "sales_invoices", "ledgerbridge", customer_id=theirs.id)
    assert "Choose a customer from the list." in response.get_data(as_text=True)


def test_small_export_streams_and_is_listed(client, auth, company):
    customer = factories.make_customer(company, account_number="C1")
    bulk_invoices(company, customer, 501)  # two pages of 500 documents
    auth.login_office()
    response = export(client, "sales_invoices", "ledgerbridge")
    assert response.is_streamed
    chunks = list(response.response)  # header, then one chunk a page
    response.close()
    assert len(chunks) == 3
    assert chunks[0].startswith(BOM) and chunks[0].count(b"\r\n") == 1
    assert sum(chunk.count(b"\r\n") for chunk in chunks) == 502
    row = db.session.get(Export, int(response.headers["X-Export-Id"]))
    assert (row.status, row.rows_done, row.rows_total) == ("ready", 501, 501)
    assert row.size_bytes == sum(len(chunk) for chunk in chunks)
    page = client.get("/reports/exports/").get_data(as_text=True)
    assert f'data-export="{row.id}"' in page
    again = client.get(f"/reports/exports/{row.id}/download")
    assert again.get_data() == b"".join(chunks)
    again.close()


def test_a_download_cut_short_marks_the_export_failed(client, auth, company):
    bulk_invoices(company, factories.make_customer(company), 501)
    auth.login_office()
    response = export(client, "sales_invoices", "ledgerbridge")
    stream = iter(response.response)
    next(stream)
    response.close()  # the browser went away
    db.session.expire_all()
    row = db.session.get(Export, int(response.headers["X-Export-Id"]))
    assert row.status == Export.FAILED
    assert "interrupted" in row.message
    assert not writer.file_path(row).exists()


def test_large_export_runs_in_the_background_with_progress(app, client, auth, company):
    app.config["EXPORT_INLINE_ROWS"] = 10
    customer = factories.make_customer(company, account_number="C1")
    bulk_invoices(company, customer, 6, lines_each=2)
    auth.login_office()
    response = export(client, "sales_invoices", "sage50")
    assert response.status_code == 303
    row = db.session.scalar(sa.select(Export))
    assert response.headers["Location"].endswith(f"/reports/exports/{row.id}")
    assert (row.status, row.rows_total, row.job_id) == (
        "queued",
        12,
        f"lb-export-{row.id}",
    )
    headers = htmx_headers("export-status")
    polling = client.get(f"/reports/exports/{row.id}", headers=headers)
    fragment = polling.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="export-status"')
    assert 'hx-trigger="load delay:1s"' in fragment and "0 of 12 rows" in fragment
    assert "HX-Trigger" not in polling.headers

    work()

    row = db.session.get(Export, row.id)
    assert (row.status, row.rows_done, row.not_exported) == ("ready", 12, 0)
    office = factories.user(company, "office")
    note = db.session.scalar(
        sa.select(Notification).where(Notification.user_id == office.id)
    )
    assert note.title == "Export ready: Sales invoices (Sage 50 Accounts)"
    assert note.endpoint == "exports.download"
    assert json.loads(note.url_values) == {"export_id": row.id}
    ended = client.get(f"/reports/exports/{row.id}?seen=queued", headers=headers)
    assert "hx-trigger" not in ended.get_data(as_text=True)
    assert ended.headers["HX-Trigger"] == "notifications-changed"
    download = client.get(f"/reports/exports/{row.id}/download")
    rows = read_csv(download.get_data())
    download.close()
    assert len(rows) == 13 and rows[1][:3] == ["SI", "C1", "4000"]


def test_a_background_export_that_crashes_is_failed_and_rq_sees_it(
    app, client, auth, company
):
    app.config["EXPORT_INLINE_ROWS"] = 1
    bulk_invoices(company, factories.make_customer(company), 3)
    auth.login_office()
    export(client, "sales_invoices", "ledgerbridge")
    row = db.session.scalar(sa.select(Export))
    writer.file_path(row).mkdir()  # the file cannot be written: a real OSError
    try:
        work()
    finally:
        writer.file_path(row).rmdir()
    row = db.session.get(Export, row.id)
    assert row.status == Export.FAILED and "stopped with an error" in row.message
    note = db.session.scalar(sa.select(Notification))
    assert note.title == "Export failed: Sales invoices (LedgerBridge CSV)"
    from rq import Queue

    queue = Queue(
        current_app.config["RQ_QUEUE"], connection=current_app.extensions["redis"]
    )
    assert row.job_id in queue.failed_job_registry.get_job_ids()


def test_an_export_whose_job_is_gone_is_failed_on_sight(client, auth, company):
    row = make_export(company, factories.user(company), status=Export.RUNNING,
                      job_id="lb-export-gone")  # fmt: skip
    auth.login_office()
    page = client.get(f"/reports/exports/{row.id}").get_data(as_text=True)
    assert "The background worker stopped during this export" in page
    assert "hx-trigger" not in page.split('id="export-status"')[1].split("</div>")[0]


def test_expired_exports_are_deleted_with_their_files(client, auth, company):
    old = make_export(company, factories.user(company), days_left=-1)
    fresh = make_export(company, factories.user(company))
    for row in (old, fresh):
        writer.file_path(row).write_bytes(BOM + b"x\r\n")
    old_path, old_id = writer.file_path(old), old.id
    auth.login_office()
    page = client.get("/reports/exports/").get_data(as_text=True)
    assert f'data-export="{fresh.id}"' in page
    assert f'data-export="{old_id}"' not in page
    assert not old_path.exists() and writer.file_path(fresh).exists()
    assert factories.fresh(Export, old_id) is None


def test_an_expired_export_not_yet_cleared_cannot_be_downloaded(client, auth, company):
    row = make_export(company, factories.user(company))
    writer.file_path(row).write_bytes(BOM + b"x\r\n")
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.login_office()
    response = client.get(f"/reports/exports/{row.id}/download", follow_redirects=True)
    assert "That export has expired; export again." in response.get_data(as_text=True)


def test_another_companys_export_is_404(client, auth, company, other_company):
    theirs = make_export(other_company, factories.user(other_company))
    writer.file_path(theirs).write_bytes(BOM + b"secret\r\n")
    auth.login()
    for suffix in ("", "/download", "/not-exported"):
        assert client.get(f"/reports/exports/{theirs.id}{suffix}").status_code == 404
    assert client.get("/reports/exports/99999999999999999999").status_code == 404
    page = client.get("/reports/exports/").get_data(as_text=True)
    assert f'data-export="{theirs.id}"' not in page


def test_sage_export_of_last_month_for_an_office_user(client, auth, example):
    auth.login_office()
    header, rows, row = exported(client, "sales_invoices", "sage50", **JANUARY)
    assert header[0] == "Type" and [r[0] for r in rows] == ["SI", "SI"]
    page = client.get(f"/reports/exports/{row.id}").get_data(as_text=True)
    assert "Not exported (1)" in page and "INV-00002" in page
