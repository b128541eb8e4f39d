"""Audit trail paging: the filtered entries by id range, a keyset page of them."""

from dataclasses import dataclass
from datetime import UTC, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.history.filters import utc_midnight
from app.models import AuditEntry
from app.models.base import MAX_ID

PER_PAGE = 25
COUNT_LIMIT = 1_000  # counted exactly up to here; past it the page says "more than"


# The binary search, in one statement: each step reads the first entry at or
# after the middle id and halves the range, with no round trip per step.
FIRST_ID_AT = sa.text(
    """
    WITH RECURSIVE search(low, high) AS (
        SELECT CAST(1 AS BIGINT), (SELECT coalesce(max(id), 0) + 1 FROM audit_entries)
        UNION ALL
        SELECT
            CASE WHEN (SELECT created_at FROM audit_entries
                       WHERE id >= (low + high) / 2 ORDER BY id LIMIT 1) >= :moment
                 THEN low
                 ELSE (SELECT id FROM audit_entries
                       WHERE id >= (low + high) / 2 ORDER BY id LIMIT 1) + 1
            END,
            CASE WHEN (SELECT created_at FROM audit_entries
                       WHERE id >= (low + high) / 2 ORDER BY id LIMIT 1) >= :moment
                 THEN (low + high) / 2
                 ELSE high
            END
        FROM search WHERE low < high
    )
    SELECT min(high) FROM search
    """
).bindparams(sa.bindparam("moment", type_=AuditEntry.created_at.type))


def first_id_at(moment):
    """The id of the first entry written at `moment` or later (one past the last
    id if none was).

    Entries are only ever added, stamped as they are, so ids rise with time and a
    date is an id: found by a binary search on the primary key (about 20 lookups
    at a million rows), a date filter reads an id range of the list's own index.
    """
    return db.session.scalar(FIRST_ID_AT, {"moment": moment.astimezone(UTC)})


def matching(company_id, filters):
    """A select of the company's entries matching the filters (not yet ordered)."""
    query = sa.select(AuditEntry).where(AuditEntry.company_id == company_id)
    if filters.kind:
        query = query.where(AuditEntry.kind == filters.kind)
    if filters.actor_id:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    # A date range is the slice of the list (ordered by id) from the first entry
    # written on the From day to the last written on the To day.
    if filters.date_from:
        query = query.where(
            AuditEntry.id >= first_id_at(utc_midnight(filters.date_from))
        )
    if filters.date_to:
        end = utc_midnight(filters.date_to + timedelta(days=1))
        query = query.where(AuditEntry.id < first_id_at(end))
    return query


def bounded_count(query):
    """How many rows the query matches, counting no further than COUNT_LIMIT + 1."""
    capped = query.with_only_columns(AuditEntry.id).limit(COUNT_LIMIT + 1)
    return db.session.scalar(sa.select(sa.func.count()).select_from(capped.subquery()))


@dataclass
class Page:
    """One page of entries, newest first, with its neighbours' cursors."""

    entries: list
    total: int  # bounded: COUNT_LIMIT + 1 means "more than COUNT_LIMIT"
    newer: int | None = None  # ?after= for the newer page
    older: int | None = None  # ?before= for the older page
    first: bool = True

    @property
    def more_than(self):
        return self.total > COUNT_LIMIT


def cursor(value):
    """An id from the query string, or None for anything else."""
    return value if isinstance(value, int) and 0 < value < MAX_ID else None


def page(company_id, filters, before=None, after=None, per_page=PER_PAGE):
    """A page by keyset: entries older than `before`, or newer than `after`."""
    query = matching(company_id, filters)
    total = bounded_count(query)
    newest = AuditEntry.id.desc()
    if after is not None:
        rows = db.session.scalars(
            query.where(AuditEntry.id > after)
            .order_by(AuditEntry.id)
            .limit(per_page + 1)
        ).all()
        if len(rows) <= per_page:
            after = None  # near the top: show the newest page, full
        else:
            entries = list(reversed(rows[:per_page]))
            older = db.session.scalar(
                sa.select(query.where(AuditEntry.id <= after).exists())
            )
            return Page(
                entries,
                total,
                newer=entries[0].id,
                older=entries[-1].id if older else None,
                first=False,
            )
    if before is not None:
        query_page = query.where(AuditEntry.id < before)
    else:
        query_page = query
    rows = db.session.scalars(query_page.order_by(newest).limit(per_page + 1)).all()
    entries = rows[:per_page]
    found = Page(entries, total)
    if len(rows) > per_page:
        found.older = entries[-1].id
    if before is not None and db.session.scalar(
        sa.select(query.where(AuditEntry.id >= before).exists())
    ):
        found.first = False
        found.newer = entries[0].id if entries else before - 1
    return found
