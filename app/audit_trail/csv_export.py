"""Audit trail CSV: the filtered entries, newest first, streamed in batches."""

import csv
import io
import json

from app.audit_trail.paging import matching
from app.audit_trail.services import detail_lines, local_time
from app.exports.formats import cell
from app.extensions import db
from app.models import AuditEntry

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
