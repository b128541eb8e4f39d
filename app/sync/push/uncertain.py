"""Writes that went unanswered: before sending again, look them up there, link
those that arrived and hold back any that may still be in flight."""

from datetime import timedelta

from flask import current_app

from app.models import ExternalLink
from app.models.base import utcnow
from app.models.sync import SyncItem
from app.sync import links, runs
from app.sync.push.batch import label_of


def documents_there(context, kind):
    """A finder for adopt_arrived: invoices and credit notes go by their number."""

    def find(pending):
        there = context.provider.find_documents(kind, [row.number for row in pending])
        return {row.id: there[row.number] for row in pending if row.number in there}

    return find


def applied_there(context, kind, ready):
    """A finder for adopt_arrived: payments and allocations carry no number of
    ours, so they go by document, amount and date. Two alike (two 50.00 payments
    on one day) take one remote record each; one already linked is never taken."""
    sent = {row.id: payload for row, payload in ready}

    def find(pending):
        matches = context.provider.find_applied(kind, [sent[row.id] for row in pending])
        taken = links.claimed(
            context.company_id, context.provider_key, kind,
            {remote_id for found in matches.values() for remote_id in found},
        )  # fmt: skip
        chosen = {}
        for row in pending:
            free = [r for r in matches.get(row.id, []) if r not in taken]
            if free:
                chosen[row.id] = free[0]
                taken.add(free[0])
        return chosen

    return find


def adopt_ready(context, kind, ready, existing):
    """adopt_arrived for (row, payload) pairs: the pairs still to send."""
    kept = adopt_arrived(
        context, kind, [row for row, _payload in ready], existing,
        applied_there(context, kind, ready),
    )  # fmt: skip
    kept_ids = {row.id for row in kept}
    return [(row, payload) for row, payload in ready if row.id in kept_ids]


def adopt_arrived(context, kind, rows, existing, find):
    """Rows whose last write went unanswered: link the ones that did arrive, and
    hold back any whose write may still be in flight at the package.
    find(pending rows) says which arrived: {row id: remote id}."""
    pending = [
        row
        for row in rows
        if existing.get(row.id) is not None
        and existing[row.id].state == ExternalLink.PENDING
    ]
    if not pending:
        return rows
    found = find(pending)
    window = timedelta(seconds=current_app.config.get("SYNC_UNCERTAIN_SECONDS", 120))
    held = set()
    for row in pending:
        remote_id = found.get(row.id)
        if remote_id:
            links.settle(context.company_id, context.provider_key, kind, row.id,
                         remote_id, existing=existing[row.id])  # fmt: skip
            context.record(kind, row.id, label_of(kind, row), "linked",
                           remote_id=remote_id)  # fmt: skip
        elif runs.aware(existing[row.id].pending_since or utcnow()) > utcnow() - window:
            context.record(
                kind, row.id, label_of(kind, row), "skipped",
                status=SyncItem.SKIPPED, code="uncertain_write",
                note="Its last write got no answer a moment ago and may still "
                "arrive; the next sync checks before sending, so it is never "
                "sent twice.",
            )  # fmt: skip
        else:
            continue
        held.add(row.id)
    return [row for row in rows if row.id not in held]
