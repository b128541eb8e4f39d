"""Sync History queries: the filtered run list and one run's items."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import url_for

from app.extensions import db
from app.history.excludable import EXCLUDABLE, exclusions_for
from app.integrations.services import linked_connection
from app.models.sync import (
    KIND_LABELS,
    SyncItem,
    SyncRun,
)
from app.providers.registry import PROVIDER_NAMES
from app.sync import catalogue, counts, runs

ITEMS_SHOWN = 200  # succeeded items listed per run; the rest are only counted
REQUEST_WORDS = {
    "pull_codes": "pull codes",
    "pull_customers": "pull customers",
    "push_invoices": "send invoices",
    "push_credit_notes": "send credit notes",
    "push_payments": "send payments",
}
TRIGGER_WHO = {"schedule": "Schedule", "command": "Command"}
RECORD_LINKS = {
    "customer": ("customers.edit", "customer_id"),
    "customer_pull": ("customers.edit", "customer_id"),
    "invoice": ("invoices.show", "invoice_id"),
    "credit_note": ("credit_notes.show", "credit_note_id"),
    "allocation": ("credit_notes.show", "credit_note_id"),
    "payment": ("payments.show", "payment_id"),
}


@dataclass
class Filters:
    """The list's filters as understood, and a message for each value we ignored."""

    status: str = ""
    provider: str = ""
    date_from: date | None = None
    date_to: date | None = None
    problems: list = field(default_factory=list)

    def any(self):
        return bool(self.status or self.provider or self.date_from or self.date_to)


def uk(day):
    return day.strftime("%d/%m/%Y") if day else ""


def parse_date(text):
    """A UK (dd/mm/yyyy) or ISO (yyyy-mm-dd) date, or None."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        # Years near 1 or 9999 overflow when turned into UTC times.
        return day if 1900 <= day.year <= 2999 else None
    return None


def read_filters(args):
    """Filters from the query string; bad values are dropped with a message."""
    found = Filters()
    status = args.get("status", "").strip()
    if status in SyncRun.STATUS_LABELS:
        found.status = status
    elif status:
        found.problems.append(
            f"“{status[:40]}” is not a run status, so it was ignored."
        )
    provider = args.get("provider", "").strip()
    if provider in PROVIDER_NAMES:
        found.provider = provider
    elif provider:
        found.problems.append(
            f"“{provider[:40]}” is not an accounts package, so it was ignored."
        )
    return read_dates(args, found)


def read_dates(args, found):
    """Fill found.date_from/date_to from ?date_from= and ?date_to=, noting in
    found.problems what was not understood; the filters of Sync History and the
    audit trail read dates alike."""
    for name, label in (("date_from", "From"), ("date_to", "To")):
        text = args.get(name, "").strip()
        if not text:
            continue
        value = parse_date(text)
        if value is None:
            found.problems.append(
                f"{label} date “{text[:40]}” was not understood, so it was ignored. "
                "Use a date like 31/01/2025."
            )
        setattr(found, name, value)
    if found.date_from and found.date_to and found.date_from > found.date_to:
        found.problems.append("The From date is after the To date, so none can match.")
    return found


def utc_midnight(day):
    """The start of a local day, in UTC, as the database stores times."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def runs_query(company_id, filters):
    """The company's runs matching the filters, newest first."""
    query = SyncRun.for_company(company_id)
    if filters.status:
        query = query.where(SyncRun.status == filters.status)
    if filters.provider:
        query = query.where(SyncRun.provider == filters.provider)
    if filters.date_from:
        query = query.where(SyncRun.created_at >= utc_midnight(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + timedelta(days=1)
        query = query.where(SyncRun.created_at < utc_midnight(next_day))
    return query.order_by(SyncRun.created_at.desc(), SyncRun.id.desc())


def page_of(company_id, filters, run, per_page):
    """The page of the filtered list that shows `run`."""
    newer = runs_query(company_id, filters).where(
        sa.or_(
            SyncRun.created_at > run.created_at,
            sa.and_(SyncRun.created_at == run.created_at, SyncRun.id > run.id),
        )
    )
    count = db.session.scalar(sa.select(sa.func.count()).select_from(newer.subquery()))
    return count // per_page + 1


def who(run):
    if run.started_by is not None:
        return run.started_by.display_name
    return TRIGGER_WHO.get(run.trigger, "–")


def asked(run):
    """What the run was asked to do, in words."""
    return ", ".join(REQUEST_WORDS[request] for request in run.kind_list) or "–"


def record_url(kind, local_id):
    """Our page for an item's record, or None."""
    if kind in ("tax_code", "nominal_code"):
        return url_for("codes.index")
    if kind in RECORD_LINKS and local_id:
        endpoint, arg = RECORD_LINKS[kind]
        return url_for(endpoint, **{arg: local_id})
    return None


def faq_url(code):
    return url_for("help.sync_errors", _anchor=catalogue.entry(code).code)


def plural(kind, count, provider_name=""):
    words = counts.label(kind, provider_name, count)
    return words[0].lower() + words[1:]


PROBLEMS_SHOWN = 100


@dataclass
class RunItems:
    """One run's items as the history shows them."""

    failed: list  # at most PROBLEMS_SHOWN
    skipped: list
    failed_total: int
    skipped_total: int
    summary: list  # "12 sales invoices created", ...
    succeeded: list  # at most ITEMS_SHOWN
    more: int
    excluded: dict  # (kind, local_id) -> SyncExclusion
    can_retry: bool
    gone: set = field(default_factory=set)  # (kind, local_id) deleted here since


def run_items(run):
    """Failed items first, then skipped, then succeeded ones summarised."""
    base = sa.select(SyncItem).where(SyncItem.run_id == run.id).order_by(SyncItem.id)
    # Each shown item costs a few links to render: a run with thousands of
    # failures shows the first ones and counts the rest (all are retried).
    failed = db.session.scalars(
        base.where(SyncItem.status == SyncItem.FAILED).limit(PROBLEMS_SHOWN)
    ).all()
    skipped = db.session.scalars(
        base.where(SyncItem.status == SyncItem.SKIPPED).limit(PROBLEMS_SHOWN)
    ).all()
    ok = base.where(SyncItem.status == SyncItem.OK)
    totals = db.session.execute(
        sa.select(SyncItem.kind, SyncItem.action, sa.func.count())
        .where(SyncItem.run_id == run.id, SyncItem.status == SyncItem.OK)
        .group_by(SyncItem.kind, SyncItem.action)
    ).all()
    order = {kind: i for i, kind in enumerate(KIND_LABELS)}
    totals.sort(key=lambda row: (order.get(row[0], 99), row[1]))
    total = sum(count for _kind, _action, count in totals)
    succeeded = db.session.scalars(ok.limit(ITEMS_SHOWN)).all()
    return RunItems(
        failed=failed,
        skipped=skipped,
        failed_total=run.failed if len(failed) == PROBLEMS_SHOWN else len(failed),
        skipped_total=run.skipped if len(skipped) == PROBLEMS_SHOWN else len(skipped),
        summary=[
            f"{n} {plural(kind, n, run.provider_name)} {action}"
            for kind, action, n in totals
        ],
        succeeded=succeeded,
        more=max(total - ITEMS_SHOWN, 0),
        excluded=exclusions_for(run.company_id, failed + skipped),
        gone=deleted_since(failed + skipped + succeeded),
        can_retry=run.status in SyncRun.ENDED and bool(failed or skipped),
    )


def deleted_since(rows):
    """(kind, local id) of the rows' customers and payments deleted here since:
    they get no link to a page that is gone. One query a kind."""
    gone = set()
    for kind in ("customer", "payment"):
        ids = {row.local_id for row in rows if row.kind == kind and row.local_id}
        if ids:
            model = EXCLUDABLE[kind]
            found = db.session.scalars(sa.select(model.id).where(model.id.in_(ids)))
            there = set(found)
            gone |= {(kind, local_id) for local_id in ids - there}
    return gone


def retry_problem(run):
    """Why this run cannot be retried now, or None; plus the connection to use."""
    if run.status not in SyncRun.ENDED:
        return "This run has not finished yet. Retry it once it has ended.", None
    if not runs.retry_kinds(run):
        return "Nothing in this run failed or was skipped: nothing to retry.", None
    connection = linked_connection(run.company_id)
    if connection is None:
        return (
            "No accounts package is connected. Connect one in Settings, Accounts "
            "Integration, then retry.",
            None,
        )
    if connection.provider != run.provider:
        return (
            f"This run was with {run.provider_name}, but the company is now "
            f"connected to {connection.provider_name}, so it cannot be retried.",
            None,
        )
    if runs.active_run(run.company_id) is not None:
        return "A sync is already running. Retry when it has finished.", None
    return None, connection
