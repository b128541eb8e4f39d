"""Starting, finishing and clearing away exports; the rules both paths share."""

import json
import logging
import secrets
from datetime import UTC, timedelta

from flask import current_app
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from app import tasks
from app.config import private_file, private_folder
from app.exports import formats, queries, writer
from app.extensions import db
from app.models import Export
from app.models.base import utcnow
from app.notifications import services as notifications

log = logging.getLogger("ledgerbridge.exports")

JOB = "app.exports.jobs.run_export"
INLINE_ROWS = 5000
KEEP_DAYS = 7
STALE_MINUTES = 30  # a direct download still running after this has died
DEAD_JOB = {JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}


def inline_limit():
    return int(current_app.config.get("EXPORT_INLINE_ROWS", INLINE_ROWS))


def create(company_id, user_id, kind, fmt, filters):
    """A new export row, counted, with its file name; not started yet."""
    clean = {key: value for key, value in filters.items() if value not in (None, "")}
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    export = Export(
        company_id=company_id,
        requested_by_id=user_id,
        kind=kind,
        format=fmt,
        filters=json.dumps(clean, sort_keys=True),
        rows_total=queries.count(company_id, kind, clean),
        file_name=f"{kind.replace('_', '-')}-{fmt}-{stamp}.csv",
        stored_name=f"{secrets.token_hex(16)}.csv",
        expires_at=utcnow()
        + timedelta(days=current_app.config.get("EXPORT_KEEP_DAYS", KEEP_DAYS)),
    )
    private_folder(writer.folder())  # what the writer puts there is ours alone
    db.session.add(export)
    db.session.commit()
    return export


def runs_inline(export):
    return export.rows_total <= inline_limit()


def enqueue(export):
    """Hand a large export to the worker; a queue that is down fails it plainly."""
    try:
        job = tasks.enqueue(JOB, export.id, job_id=f"lb-export-{export.id}")
    except RedisError:
        log.exception("Could not queue export %s", export.id)
        fail(export, "The background queue is not reachable, so this export could "
             "not start. Check that Redis and the worker are running.")  # fmt: skip
        return
    export.job_id = job.id
    db.session.commit()


def stream(export_id):
    """Bytes for a download while the file is written; marks the export ready at
    the end, or failed if the download stopped half way."""
    # The view's session is closed by the time a response is iterated: read again.
    export = db.session.get(Export, export_id)
    export.status = Export.RUNNING
    db.session.commit()
    finished = False
    try:
        yield from writer.generate(export)
        finish(export)
        finished = True
    except Exception:
        fail(export, "The export stopped with an error; try again.")
        finished = True
        raise
    finally:
        if not finished:  # the browser went away: what is on disk is not whole
            fail(export, "The download was interrupted before the end; export again.")


def finish(export):
    for path in (writer.file_path(export), writer.skipped_path(export)):
        if path.exists():
            private_file(path)  # 600 whatever the process's umask was
    export.status, export.finished_at = Export.READY, utcnow()
    export.size_bytes = writer.file_path(export).stat().st_size
    export.message = None
    db.session.commit()


def fail(export, message):
    export.status, export.finished_at, export.message = Export.FAILED, utcnow(), message
    remove_files(export)
    db.session.commit()


def remove_files(export):
    """Delete the export's files; one that cannot go must not hide why it failed."""
    for path in (writer.file_path(export), writer.skipped_path(export)):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.exception("Could not delete %s", path)


def notify(export):
    """Tell whoever asked for a background export how it ended."""
    if export.requested_by_id is None:
        return
    label = f"{formats.KINDS[export.kind]} ({formats.FORMATS[export.format]})"
    if export.status == Export.READY:
        title = f"Export ready: {label}"
        body = "The file is ready to download."
        if export.not_exported:
            body += f" {export.not_exported} not exported; the export's page says why."
        endpoint = "exports.download"
    else:
        title, body = f"Export failed: {label}", export.message or ""
        endpoint = "exports.show"
    notifications.notify(
        export.company_id,
        [export.requested_by_id],
        title,
        body,
        endpoint,
        export_id=export.id,
    )
    db.session.commit()


def purge_expired(company_id):
    """Delete the company's expired exports and their files; run on listing."""
    expired = [
        export
        for export in db.session.scalars(
            Export.for_company(company_id).where(Export.expires_at <= utcnow())
        )
        if not export.is_active
    ]
    for export in expired:
        remove_files(export)
        db.session.delete(export)
    if expired:
        db.session.commit()
    return len(expired)


def recover(export):
    """Fail a queued or running export whose job RQ says is dead or gone, or a
    download that never finished."""
    if not export.is_active:
        return export
    if not export.job_id:
        started = export.created_at
        started = started.replace(tzinfo=UTC) if started.tzinfo is None else started
        if started < utcnow() - timedelta(minutes=STALE_MINUTES):
            fail(export, "The download did not finish; export again.")
        return export
    try:
        job = Job.fetch(export.job_id, connection=tasks.redis_connection())
        dead = job.get_status(refresh=False) in DEAD_JOB
    except NoSuchJobError:
        dead = True
    except RedisError:
        dead = False  # cannot tell; look again on the next poll
    if dead:
        fail(export, "The background worker stopped during this export; try again.")
    return export
