"""The sales summary and aged debtors, worked out from approved invoices."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import Customer, SalesInvoice
from app.money import ZERO

# (label, the most days overdue that still falls in the bucket)
BUCKETS = (
    ("Current", 0),
    ("1–30 days", 30),
    ("31–60 days", 60),
    ("61–90 days", 90),
    ("Over 90 days", None),
)


def bucket_index(days_overdue):
    """Which ageing column a balance this many days past its due date falls in."""
    for index, (_label, upper) in enumerate(BUCKETS):
        if upper is None or days_overdue <= upper:
            return index
    return len(BUCKETS) - 1


@dataclass
class DebtorRow:
    customer: Customer
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


def summary(company_id, today=None):
    """Invoiced totals, what is owed and how late, in three queries."""
    today = today or date.today()
    result = Summary(
        month_start=months_back(today, 0), year_start=months_back(today, 11)
    )
    invoices = db.session.scalars(
        SalesInvoice.for_company(company_id)
        .where(SalesInvoice.status == SalesInvoice.APPROVED)
        .join(Customer)
        .options(
            sa.orm.contains_eager(SalesInvoice.customer),
            sa.orm.selectinload(SalesInvoice.payments),
            sa.orm.selectinload(SalesInvoice.credit_notes),
        )
        .order_by(Customer.name, Customer.id)
    ).all()
    rows = {}
    for invoice in invoices:
        if result.month_start <= invoice.issue_date <= today:
            result.invoiced_month += invoice.total
        if result.year_start <= invoice.issue_date <= today:
            result.invoiced_year += invoice.total
        owed = invoice.amount_outstanding
        if owed <= 0:
            continue
        days_overdue = (today - invoice.due_date).days
        index = bucket_index(days_overdue)
        row = rows.setdefault(invoice.customer_id, DebtorRow(invoice.customer))
        row.amounts[index] += owed
        result.bucket_totals[index] += owed
        result.outstanding += owed
        if days_overdue > 0:
            result.overdue += owed
    result.debtors = list(rows.values())
    return result
