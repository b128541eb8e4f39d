"""Starting, watching and cancelling a sync: the modal's Proceed and the top bar."""

import json

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import escape
from sqlalchemy.exc import SQLAlchemyError

from app.audit_trail import changes
from app.auth import admin_required
from app.extensions import db, htmx
from app.integrations.options import enabled, options_for
from app.integrations.services import linked_connection
from app.models import SyncRun
from app.sync import counts, runs

bp = Blueprint("syncs", __name__, url_prefix="/sync")

# The order a run works in, so the bars fill top to bottom.
ORDER = (
    "tax_code",
    "nominal_code",
    "customer_pull",
    "customer",
    "invoice",
    "credit_note",
    "allocation",
    "payment",
)


@bp.app_context_processor
def top_bar():
    """Lazy helpers, so pages that never show the bar never query for it."""
    return {
        "sync_header_run": header_run,
        "sync_progress_rows": progress_rows,
        "sync_summary": counts.summary,
    }


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
    kinds = [k for k in ORDER if k in progress] + sorted(set(progress) - set(ORDER))
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


def back():
    return redirect(url_for("integrations.index"))


def refuse(message):
    """A clear message: a toast for htmx (it swaps no 4xx), a flash otherwise."""
    if htmx:
        return f"<strong>{escape(message)}</strong>", 409
    flash(message, "error")
    return back()


@bp.route("/runs", methods=["POST"])
@admin_required
def start():
    """Proceed: queue a run of what the sync options ask for (one at a time)."""
    company_id = current_user.company_id
    connection = linked_connection(company_id)
    if connection is None or not connection.is_connected:
        return refuse(
            "Connect to Xero or QuickBooks Online first (or reconnect it) in "
            "Settings > Accounts Integration."
        )
    requests = enabled(options_for(company_id))
    if not requests:
        return refuse("Nothing is switched on in the sync options to sync.")
    entry = changes.sync_started(company_id, connection, requests)
    run, created = runs.start(
        company_id, connection.provider, requests, user=current_user, trigger="manual"
    )
    changes.keep_if(created, entry)
    # A new run may have failed at once (no queue): that reply is the first to see it.
    before = f"{run.id}:{SyncRun.QUEUED}" if created else ""
    notice = None if created else "A sync is already running; this is that one."
    if not htmx:
        if not created:
            flash(notice, "info")
        elif run.status == SyncRun.FAILED:
            flash(run.message or "The sync could not start.", "error")
        else:
            flash(
                f"Sync with {run.provider_name} started; its progress shows at the "
                "top of every page.",
                "success",
            )
        return back()
    return progress_reply(
        run,
        before,
        notice=notice,
        events=["sync-started"] if created else [],
        close_modal=True,
    )


@bp.route("/progress")
@admin_required
def progress():
    """The top bar's progress: polls while the latest run is active, then stops."""
    company_id = current_user.company_id
    runs.recover_stale(company_id)  # a dead worker ends the run, and the polling
    return progress_reply(latest_run(company_id), request.args.get("seen", ""))


@bp.route("/runs/<int:run_id>/cancel", methods=["POST"])
@admin_required
def cancel(run_id):
    """Queued: cancelled at once. Running: stops after the batch in flight."""
    run = SyncRun.get_owned_or_404(current_user.company_id, run_id)
    before = f"{run.id}:{run.status}"
    was_active = run.is_active
    runs.cancel(run)
    db.session.refresh(run)
    if htmx:
        return progress_reply(run, before)
    if not was_active:
        flash("That sync had already ended.", "info")
    elif run.status == SyncRun.CANCELLED:
        flash("Sync cancelled.", "success")
    else:
        flash("The sync stops after the batch it is sending now.", "info")
    return back()
