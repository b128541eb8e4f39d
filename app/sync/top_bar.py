"""The top bar's sync progress: the run it shows, its bars, and the reply that
tells the bell when a run it watched has ended."""

import json

from flask import make_response, render_template
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models import SyncRun
from app.sync import counts
from app.sync.kinds import RUN_ORDER


def header_run():
    """The admin's company's active run for the top bar, or None."""
    if (
        not getattr(current_user, "is_authenticated", False)
        or not current_user.is_admin
    ):
        return None
    try:
        return db.session.scalar(
            SyncRun.for_company(current_user.company_id).where(
                SyncRun.status.in_(SyncRun.ACTIVE)
            )
        )
    except SQLAlchemyError:
        return None  # an error page must still render while the database is down


def progress_rows(run):
    """[(label, done, total)] from the run's progress, in the order it works."""
    try:
        progress = json.loads(run.progress or "{}")
    except ValueError:
        return []
    if not isinstance(progress, dict):
        return []
    kinds = [k for k in RUN_ORDER if k in progress]
    kinds += sorted(set(progress) - set(RUN_ORDER))
    rows = []
    for kind in kinds:
        pair = progress[kind]
        done, total = (list(pair) + [0, 0])[:2] if isinstance(pair, list) else (0, 0)
        label = counts.label(kind, run.provider_name)
        rows.append((label, int(done or 0), max(int(total or 0), int(done or 0))))
    return rows


def latest_run(company_id):
    return db.session.scalar(
        SyncRun.for_company(company_id).order_by(SyncRun.id.desc()).limit(1)
    )


def saw_active(seen, run):
    """True when the page last saw this run queued or running ("<id>:<status>")."""
    run_id, _, status = (seen or "").partition(":")
    return run_id == str(run.id) and status in SyncRun.ACTIVE


def progress_reply(run, seen="", notice=None, events=(), close_modal=False):
    """The progress fragment; tells the bell when this reply is the first to see
    the run ended, so it refreshes once and not on every later request."""
    response = make_response(
        render_template(
            "sync/_progress.html",
            sync_run=run,
            sync_notice=notice,
            sync_close_modal=close_modal,
        )
    )
    events = list(events)
    if run is not None and run.status in SyncRun.ENDED and saw_active(seen, run):
        events.append("notifications-changed")
    if events:
        response.headers["HX-Trigger"] = ", ".join(events)
    return response
