"""Reports: sales summary and aged debtors from invoices with known dates."""

import re
from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.reports.services import months_back, summary
from tests import factories

TODAY = date.today()


def overdue_by(days):
    """The issue date that makes a factory invoice (due in 30 days) this late."""
    return TODAY - timedelta(days=30 + days)


def row_cells(page, customer):
    """The text of each cell in the aged debtors row for `customer`."""
    row = re.search(rf'<tr data-customer="{customer}">(.*?)</tr>', page, re.S)
    assert row, f"no aged debtors row for {customer}"
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row.group(1), re.S)
    ]


def test_each_day_late_falls_in_its_column(app, company):
    """The ageing columns' edges, worked out by the database: due today is current,
    1-30 days late the first column, and so on up to over 90."""
    days = (-5, 0, 1, 30, 31, 60, 61, 90, 91, 400)
    for late in days:
        customer = factories.make_customer(company, f"Late {late + 100:03d}")
        factories.make_invoice(company, customer, issue_date=overdue_by(late))
    with app.app_context():
        report = summary(company.id, today=TODAY)
    columns = [row.amounts.index(max(row.amounts)) for row in report.debtors]
    assert columns == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert report.overdue == 120 * 8


def test_month_arithmetic():
    assert months_back(date(2026, 3, 15), 11) == date(2025, 4, 1)
    assert months_back(date(2026, 1, 31), 0) == date(2026, 1, 1)


def test_aged_debtors_and_summary(client, auth, company, other_company):
    # Every factory invoice here is 100.00 + 20% VAT = 120.00.
    alpha = factories.make_customer(company, "Alpha Lettings")
    beta = factories.make_customer(company, "Beta Homes")
    today_invoice = factories.make_invoice(company, alpha, issue_date=TODAY)
    late_15 = factories.make_invoice(company, alpha, issue_date=overdue_by(15))
    factories.make_payment(late_15, "20.00")
    factories.make_invoice(company, beta, issue_date=overdue_by(30))
    factories.make_invoice(company, beta, issue_date=overdue_by(31))
    late_100 = factories.make_invoice(company, beta, issue_date=overdue_by(100))
    factories.make_credit_note(late_100)  # 12.00 credited
    paid = factories.make_invoice(company, beta, issue_date=overdue_by(150))
    factories.make_payment(paid, "120.00")
    factories.make_invoice(company, beta, issue_date=TODAY, status="draft")
    factories.make_invoice(company, beta, issue_date=TODAY, status="void")
    factories.make_invoice(
        other_company, factories.make_customer(other_company, "Rival Customer")
    )
    auth.login_office()
    page = client.get("/reports/").get_data(as_text=True)

    assert row_cells(page, "Alpha Lettings") == [
        "Alpha Lettings", "£120.00", "£100.00", "–", "–", "–", "£220.00",
    ]  # fmt: skip
    assert row_cells(page, "Beta Homes") == [
        "Beta Homes", "–", "£120.00", "£120.00", "–", "£108.00", "£348.00",
    ]  # fmt: skip
    assert row_cells(page, "Total") == [
        "Total", "£120.00", "£220.00", "£120.00", "£0.00", "£108.00", "£568.00",
    ]  # fmt: skip
    assert "Rival Customer" not in page
    assert "<dd data-outstanding>£568.00</dd>" in page
    assert "<dd data-overdue>£448.00</dd>" in page

    approved = [today_invoice.issue_date] + [
        overdue_by(d) for d in (15, 30, 31, 100, 150)
    ]
    this_month = sum(120 for d in approved if d >= TODAY.replace(day=1))
    assert f"<dd data-invoiced-month>£{this_month:,}.00</dd>" in page
    year_start = months_back(TODAY, 11)
    this_year = sum(120 for d in approved if d >= year_start)
    assert f"<dd data-invoiced-year>£{this_year:,}.00</dd>" in page
    assert "CSV export and import" in page


def test_nothing_owed(client, auth, company):
    auth.login()
    page = client.get("/reports/").get_data(as_text=True)
    assert "Nobody owes you anything right now." in page
    assert "<dd data-outstanding>£0.00</dd>" in page


def count_queries(client, app_engine):
    statements = []

    def record(*_args):
        statements.append(1)

    sa.event.listen(app_engine, "before_cursor_execute", record)
    try:
        assert client.get("/reports/").status_code == 200
    finally:
        sa.event.remove(app_engine, "before_cursor_execute", record)
    return len(statements)


def test_query_count_does_not_grow_with_invoices(app, client, auth, company):
    customer = factories.make_customer(company)
    factories.make_payment(factories.make_invoice(company, customer), "10.00")
    auth.login()
    with app.app_context():
        engine = db.engine
    few = count_queries(client, engine)
    assert few > 0  # the listener sees the app's own queries
    for days in (5, 40, 70, 120):
        other = factories.make_customer(company, f"Customer {days}")
        invoice = factories.make_invoice(company, other, issue_date=overdue_by(days))
        factories.make_payment(invoice, "1.00")
        factories.make_credit_note(invoice)
    assert count_queries(client, engine) == few
