"""The sales summary and aged debtors, worked out from approved invoices."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, Customer, Payment, SalesInvoice
from app.money import ZERO, round_money

NO_CUSTOMER = sa.cast(sa.null(), sa.Integer)
NO_DATE = sa.cast(sa.null(), sa.Date)
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


def owed_bucket(due, today):
    """SQL for an invoice's ageing column: 0 while not yet due, then by days late.
    Bounds are dates worked out here, so the same SQL runs on SQLite and PostgreSQL."""
    whens = [
        (due >= today - timedelta(days=upper), index)
        for index, (_label, upper) in enumerate(BUCKETS)
        if upper is not None
    ]
    return sa.case(*whens, else_=len(BUCKETS) - 1)


def owed_invoices(company_id):
    """(invoice id, customer id, due date, owed) for each approved invoice still
    owed. Its total, less its payments and approved credit notes, added up in one
    grouped pass over signed amounts: no join a planner could misjudge (with stale
    statistics PostgreSQL once nested-looped the joined form for seconds)."""
    signed = sa.union_all(
        sa.select(
            SalesInvoice.id.label("invoice_id"),
            SalesInvoice.customer_id.label("customer_id"),
            SalesInvoice.due_date.label("due_date"),
            SalesInvoice.total.label("amount"),
        ).where(
            SalesInvoice.company_id == company_id,
            SalesInvoice.status == SalesInvoice.APPROVED,
        ),
        sa.select(Payment.invoice_id, NO_CUSTOMER, NO_DATE, -Payment.amount).where(
            Payment.company_id == company_id
        ),
        sa.select(CreditNote.invoice_id, NO_CUSTOMER, NO_DATE, -CreditNote.total).where(
            CreditNote.company_id == company_id,
            CreditNote.status == CreditNote.APPROVED,
            CreditNote.invoice_id.is_not(None),
        ),
    ).subquery()
    customer_id = sa.func.max(signed.c.customer_id)  # only the invoice's row has it
    owed = sa.func.sum(signed.c.amount)
    return (
        sa.select(
            signed.c.invoice_id,
            customer_id.label("customer_id"),
            sa.func.max(signed.c.due_date).label("due_date"),
            owed.label("owed"),
        )
        .group_by(signed.c.invoice_id)
        .having(customer_id.is_not(None), owed > 0)  # approved, and still owed
        .subquery()
    )


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

    owed = owed_invoices(company_id)
    bucket = owed_bucket(owed.c.due_date, today).label("bucket")
    rows = db.session.execute(
        sa.select(Customer.id, Customer.name, bucket, sa.func.sum(owed.c.owed))
        .join(owed, owed.c.customer_id == Customer.id)
        .group_by(Customer.id, Customer.name, bucket)
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
