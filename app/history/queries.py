"""Sync History's queries: the filtered run list, one run's items, whether a run
can be retried. How they are shown: app/history/present.py."""

from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.history.excludable import EXCLUDABLE, exclusions_for
from app.history.filters import utc_midnight
from app.integrations.services import linked_connection
from app.models.sync import KIND_LABELS, SyncItem, SyncRun
from app.sync import runs

ITEMS_SHOWN = 200  # succeeded items listed per run; the rest are only counted


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


PROBLEMS_SHOWN = 100


@dataclass
class RunItems:
    """One run's items as the history shows them."""

    failed: list  # at most PROBLEMS_SHOWN
    skipped: list
    failed_total: int
    skipped_total: int
    totals: list  # (kind, action, count) of the succeeded items, in run order
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
        totals=totals,
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
