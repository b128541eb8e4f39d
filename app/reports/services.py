"""The sales summary and aged debtors, worked out from approved invoices."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, Customer, Payment, SalesInvoice
from app.money import ZERO, round_money

# (label, the most days overdue that still falls in the bucket)
BUCKETS = (
    ("Current", 0),
    ("1–30 days", 30),
    ("31–60 days", 60),
    ("61–90 days", 90),
    ("Over 90 days", None),
)


@dataclass
class DebtorRow:
    customer_id: int
    name: str
    amounts: list = field(default_factory=lambda: [ZERO] * len(BUCKETS))

    @property
    def total(self):
        return sum(self.amounts, ZERO)


@dataclass
class Summary:
    month_start: date
    year_start: date
    invoiced_month: object = ZERO
    invoiced_year: object = ZERO
    outstanding: object = ZERO
    overdue: object = ZERO
    debtors: list = field(default_factory=list)
    bucket_totals: list = field(default_factory=lambda: [ZERO] * len(BUCKETS))


def months_back(day, months):
    """The first of the month `months` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def owed_bucket(today):
    """SQL for an invoice's ageing column: 0 while not yet due, then by days late.
    Bounds are dates worked out here, so the same SQL runs on SQLite and PostgreSQL."""
    due = SalesInvoice.due_date
    whens = [
        (due >= today - timedelta(days=upper), index)
        for index, (_label, upper) in enumerate(BUCKETS)
        if upper is not None
    ]
    return sa.case(*whens, else_=len(BUCKETS) - 1)


def penny(value):
    """A database sum as money: SQLite adds NUMERIC columns as floats."""
    return round_money(Decimal(str(value or 0)))


def summary(company_id, today=None):
    """Invoiced totals, what is owed and how late. The database adds up: one query
    for the invoiced totals and one for the balances by customer and ageing column,
    so the work here is per debtor, not per invoice."""
    today = today or date.today()
    result = Summary(
        month_start=months_back(today, 0), year_start=months_back(today, 11)
    )
    approved = (
        SalesInvoice.company_id == company_id,
        SalesInvoice.status == SalesInvoice.APPROVED,
    )

    def issued_since(start):
        issued = SalesInvoice.issue_date
        in_range = sa.and_(issued >= start, issued <= today)
        return sa.func.sum(sa.case((in_range, SalesInvoice.total), else_=0))

    month, year = db.session.execute(
        sa.select(
            issued_since(result.month_start), issued_since(result.year_start)
        ).where(*approved)
    ).one()
    result.invoiced_month, result.invoiced_year = penny(month), penny(year)

    paid = (
        sa.select(Payment.invoice_id, sa.func.sum(Payment.amount).label("amount"))
        .where(Payment.company_id == company_id)
        .group_by(Payment.invoice_id)
        .subquery()
    )
    credited = (
        sa.select(CreditNote.invoice_id, sa.func.sum(CreditNote.total).label("amount"))
        .where(
            CreditNote.company_id == company_id,
            CreditNote.status == CreditNote.APPROVED,
        )
        .group_by(CreditNote.invoice_id)
        .subquery()
    )
    owed = (
        SalesInvoice.total
        - sa.func.coalesce(paid.c.amount, 0)
        - sa.func.coalesce(credited.c.amount, 0)
    )
    balances = (
        sa.select(
            SalesInvoice.customer_id.label("customer_id"),
            owed_bucket(today).label("bucket"),
            owed.label("owed"),
        )
        .outerjoin(paid, paid.c.invoice_id == SalesInvoice.id)
        .outerjoin(credited, credited.c.invoice_id == SalesInvoice.id)
        .where(*approved, owed > 0)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            Customer.id, Customer.name, balances.c.bucket, sa.func.sum(balances.c.owed)
        )
        .join(balances, balances.c.customer_id == Customer.id)
        .group_by(Customer.id, Customer.name, balances.c.bucket)
        .order_by(Customer.name, Customer.id)
    )
    debtors = {}  # customer -> row, in name order
    for customer_id, name, bucket, amount in rows:
        row = debtors.setdefault(customer_id, DebtorRow(customer_id, name))
        amount = penny(amount)
        row.amounts[bucket] += amount
        result.bucket_totals[bucket] += amount
        result.outstanding += amount
        if bucket > 0:
            result.overdue += amount
    result.debtors = list(debtors.values())
    return result
