"""What every push step shares: pages of rows, the batch call, its outcomes."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models.sync import SyncItem
from app.providers.base import ProviderError
from app.providers.registry import CLIENTS
from app.sync import links, payloads

ITEM_CODES = {"validation", "not_found", "duplicate", "locked_period"}


def page_of(model, ids, *related):
    """One page of a step's rows, by id, with the relationships it reads loaded."""
    return db.session.scalars(
        sa.select(model)
        .where(model.id.in_(ids))
        .options(*(selectinload(relation) for relation in related))
        .order_by(model.id)
    ).all()


def size_of(context):
    return CLIENTS[context.provider_key].batch_size


def send(context, kind, rows, pending_links, call):
    """Mark pending, send, and return results; a failure of the whole call is
    recorded against every row before it ends the run (the links stay pending)."""
    links.mark_pending(
        context.company_id, context.provider_key, kind,
        [row.id for row, _payload in rows], pending_links,
    )  # fmt: skip
    db.session.commit()
    try:
        return call([payload for _row, payload in rows])
    except ProviderError as error:
        db.session.rollback()
        if error.code in ITEM_CODES:  # the provider refused the batch as a whole
            links.drop_pending(pending_links.get(row.id) for row, _p in rows)
            return [None] * len(rows), error
        for row, _payload in rows:
            context.record(kind, row.id, label_of(kind, row), "skipped",
                           status=SyncItem.FAILED, error=error)  # fmt: skip
        db.session.commit()
        raise


def label_of(kind, row):
    if kind == "customer":
        return row.name
    if kind == "payment":
        return f"{row.amount:,.2f} on {row.invoice.number}"
    if kind == "allocation":
        return f"{row.number} to {row.invoice.number if row.invoice else ''}"
    return f"{row.number} ({row.customer.name})"


def settle_results(context, kind, rows, results, pending_links, action="created"):
    """Record each row's result: link it, or note why it failed."""
    failure = None
    if isinstance(results, tuple):
        results, failure = results
    for (row, payload), result in zip(rows, results, strict=True):
        link = pending_links.get(row.id)
        label = label_of(kind, row)
        if result is not None and result.ok:
            links.settle(
                context.company_id, context.provider_key, kind, row.id,
                result.remote_id, url=result.url, digest=payloads.digest(payload),
                existing=link,
            )  # fmt: skip
            context.record(kind, row.id, label, action, remote_id=result.remote_id,
                           url=result.url)  # fmt: skip
        else:
            links.drop_pending([link])
            context.record(kind, row.id, label, "skipped", status=SyncItem.FAILED,
                           error=result.error if result else failure)  # fmt: skip


def send_page(context, kind, built, existing, call, adopt=None):
    """One page of a push step, as (row, payload) pairs: a payload that is a
    Problem is noted and not sent; the rest go in one batch and each result is
    recorded. adopt (uncertain.adopt_ready): first look up rows whose last write
    went unanswered by their payload (payments and allocations carry no number of
    ours), linking those that arrived."""
    ready = []
    for row, payload in built:
        if isinstance(payload, payloads.Problem):
            note_problem(context, kind, row, payload)
        else:
            ready.append((row, payload))
    if adopt:
        ready = adopt(context, kind, ready, existing)
    if ready:
        results = send(context, kind, ready, existing, call)
        settle_results(context, kind, ready, results, existing)


def note_problem(context, kind, row, problem):
    status = SyncItem.SKIPPED if problem.skipped else SyncItem.FAILED
    context.record(
        kind, row.id, label_of(kind, row), "skipped", status=status,
        code=problem.code, note=problem.message,
    )  # fmt: skip
