"""Audit trail queries: the filtered entries newest first, a page of them, the CSV."""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, timedelta

import sqlalchemy as sa

from app.exports.formats import cell
from app.extensions import db
from app.history.services import parse_date, uk, utc_midnight
from app.models import AuditEntry, User
from app.models.base import MAX_ID

PER_PAGE = 25
COUNT_LIMIT = 1_000  # counted exactly up to here; past it the page says "more than"
CSV_BATCH = 500
CSV_HEADER = ("When", "Who", "Address", "Kind", "Summary", "Details")
CSV_COLUMNS = (
    AuditEntry.id,
    AuditEntry.created_at,
    AuditEntry.actor_email,
    AuditEntry.address,
    AuditEntry.kind,
    AuditEntry.summary,
    AuditEntry.details,
)


@dataclass
class Filters:
    """The list's filters as understood, and a message for each value we ignored."""

    actor_id: int | None = None
    kind: str = ""
    date_from: object = None
    date_to: object = None
    problems: list = field(default_factory=list)

    def any(self):
        return bool(self.actor_id or self.kind or self.date_from or self.date_to)

    def args(self):
        """The filters as query-string values (for links and the CSV)."""
        values = {
            "actor": self.actor_id,
            "kind": self.kind,
            "date_from": uk(self.date_from),
            "date_to": uk(self.date_to),
        }
        return {key: value for key, value in values.items() if value}


def people(company_id):
    """The company's users, for the person filter."""
    return db.session.scalars(
        sa.select(User).where(User.company_id == company_id).order_by(User.email)
    ).all()


def read_filters(args, company_id):
    """Filters from the query string; bad values are dropped with a message."""
    found = Filters()
    actor = args.get("actor", "").strip()
    if actor:
        digits = actor.isascii() and actor.isdigit()
        actor_id = int(actor) if digits and int(actor) < MAX_ID else None
        if actor_id and db.session.scalar(
            sa.select(User.id).where(User.id == actor_id, User.company_id == company_id)
        ):
            found.actor_id = actor_id
        else:
            found.problems.append(
                "That person is not one of this company's users, so it was ignored."
            )
    kind = args.get("kind", "").strip()
    if kind in AuditEntry.KIND_LABELS:
        found.kind = kind
    elif kind:
        found.problems.append(
            f"“{kind[:40]}” is not a kind of entry, so it was ignored."
        )
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


def aware(moment):
    """SQLite hands back naive times; they are UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


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


def when(entry):
    """The entry's time in the server's local time, as the page shows it."""
    return local_time(entry.created_at)


def local_time(moment):
    return aware(moment).astimezone().strftime("%d/%m/%Y %H:%M:%S")


def label_of(key):
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def shown(value):
    """A detail value in words."""
    if value is None or value == "" or value == {} or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{label_of(str(k))}: {shown(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    return str(value)


def describe(entry):
    """The entry's details as lines of text; a change reads "Field: old → new"."""
    return detail_lines(entry.detail_dict)


def detail_lines(details):
    """Lines for a details dict (see describe)."""
    before, after = details.get("before"), details.get("after")
    lines = []
    if isinstance(before, dict) and isinstance(after, dict):
        for key in list(before) + [k for k in after if k not in before]:
            lines.append(
                f"{label_of(key)}: {shown(before.get(key))} → {shown(after.get(key))}"
            )
    for key, value in details.items():
        if key in ("before", "after") and lines:
            continue
        lines.append(f"{label_of(key)}: {shown(value)}")
    return lines


def csv_rows(company_id, filters):
    """The filtered entries as CSV bytes, a batch at a time, newest first."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(CSV_HEADER)
    yield "\ufeff".encode() + buffer.getvalue().encode()
    query = matching(company_id, filters).with_only_columns(*CSV_COLUMNS)
    query = query.order_by(AuditEntry.id.desc())
    last = None
    while True:
        batch = query if last is None else query.where(AuditEntry.id < last)
        rows = db.session.execute(batch.limit(CSV_BATCH)).all()
        if not rows:
            return
        buffer.seek(0)
        buffer.truncate()
        for row in rows:
            # Our own times and labels start with a digit or a letter; the rest
            # may come from anyone, so each goes through the exports' cell().
            out.writerow(
                (
                    local_time(row.created_at),
                    cell(row.actor_email),
                    cell(row.address),
                    AuditEntry.KIND_LABELS.get(row.kind, row.kind),
                    cell(row.summary),
                    cell("; ".join(detail_lines(parsed(row.details)))),
                )
            )
        last = rows[-1].id
        yield buffer.getvalue().encode()


def parsed(details):
    """A details column as a dict, whatever it holds."""
    if details == "{}":
        return {}
    try:
        value = json.loads(details or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


LABELS = {
    "pull_codes": "Pull tax and nominal codes",
    "pull_customers": "Pull customers",
    "push_invoices": "Push sales invoices",
    "push_credit_notes": "Push credit notes",
    "push_payments": "Push payments",
    "invoice_status": "Send invoices as",
    "default_sales_nominal_code": "Default sales nominal code",
    "bank_nominal_code": "Bank account for payments",
    "auto_sync": "Automatic sync",
    "tax_names": "Tax code names in the package",
    "client_id": "Client ID",
    "client_secret": "Client Secret",
    "remote_id": "Organisation id",
    "run_id": "Run",
    "retry_of": "Retry of run",
}
