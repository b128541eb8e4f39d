"""The sales summary and aged debtors, worked out from approved invoices."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, Customer, Payment, SalesInvoice
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
    """Invoiced totals, what is owed and how late: plain rows from one query, so a
    company with thousands of invoices gets its report without loading them all."""
    today = today or date.today()
    result = Summary(
        month_start=months_back(today, 0), year_start=months_back(today, 11)
    )
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
    rows = db.session.execute(
        sa.select(
            SalesInvoice.customer_id,
            SalesInvoice.issue_date,
            SalesInvoice.due_date,
            SalesInvoice.total,
            sa.func.coalesce(paid.c.amount, 0),
            sa.func.coalesce(credited.c.amount, 0),
        )
        .join(Customer, Customer.id == SalesInvoice.customer_id)
        .outerjoin(paid, paid.c.invoice_id == SalesInvoice.id)
        .outerjoin(credited, credited.c.invoice_id == SalesInvoice.id)
        .where(
            SalesInvoice.company_id == company_id,
            SalesInvoice.status == SalesInvoice.APPROVED,
        )
        .order_by(Customer.name, Customer.id)
    )
    debtors = {}
    for customer_id, issued, due, total, paid_amount, credited_amount in rows:
        if result.month_start <= issued <= today:
            result.invoiced_month += total
        if result.year_start <= issued <= today:
            result.invoiced_year += total
        owed = total - Decimal(str(paid_amount)) - Decimal(str(credited_amount))
        if owed <= 0:
            continue
        days_overdue = (today - due).days
        index = bucket_index(days_overdue)
        amounts = debtors.setdefault(customer_id, [ZERO] * len(BUCKETS))
        amounts[index] += owed
        result.bucket_totals[index] += owed
        result.outstanding += owed
        if days_overdue > 0:
            result.overdue += owed
    customers = {
        customer.id: customer
        for customer in db.session.scalars(
            sa.select(Customer).where(Customer.id.in_(list(debtors)))
        )
    }
    result.debtors = [
        DebtorRow(customers[customer_id], amounts)
        for customer_id, amounts in debtors.items()
    ]
    return result
