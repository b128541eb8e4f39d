"""Save & Sync and the sync's progress: save the options, show the plan, start,
watch and cancel a run.

No url_prefix: the options are saved from the integrations page and keep its URL
(/settings/integrations/options); the run routes live under /sync.
"""

from flask import Blueprint, flash, make_response, redirect, request, url_for
from flask_login import current_user
from markupsafe import escape

from app.audit_trail import changes
from app.auth import admin_required
from app.extensions import db, htmx
from app.integrations.services import linked_connection
from app.models import SyncRun
from app.providers.registry import any_package
from app.sync import counts, options, plan, runs, top_bar
from app.sync.kinds import switched_on
from app.web import render_page, wants_fragment

bp = Blueprint("sync", __name__)


@bp.app_context_processor
def sync_helpers():
    """Lazy helpers, so pages that never show these never query for them."""
    return {
        "sync_header_run": top_bar.header_run,
        "sync_progress_rows": top_bar.progress_rows,
        "sync_summary": counts.summary,
        "sync_options_form": company_options_form,
    }


def company_options_form():
    """The signed-in admin's sync options, for the card on the integrations page."""
    return options.options_form(current_user.company_id)


def back():
    """To the integrations page; htmx follows with a full page load, not a swap."""
    url = url_for("integrations.index")
    if htmx:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url)


def refuse(message):
    """A clear message: a toast for htmx (it swaps no 4xx), a flash otherwise."""
    if htmx:
        return f"<strong>{escape(message)}</strong>", 409
    flash(message, "error")
    return back()


@bp.route("/settings/integrations/options", methods=["POST"])
@admin_required
def save_options():
    """Save the sync options; Save & Sync also shows what a sync would do."""
    company_id = current_user.company_id
    form = options.options_form(company_id, formdata=request.form)
    row = options.options_for(company_id)
    if not form.validate():
        flash("Check the sync options: " + options.first_error(form), "error")
        return back()
    before = changes.options_snapshot(row)
    options.apply(form, row, request.form)
    changes.options_changed(before, row)
    db.session.add(row)
    db.session.commit()
    if request.form.get("action") == "sync":
        return confirm_sync(row)
    flash("Sync options saved.", "success")
    return back()


def confirm_sync(row):
    """The Save & Sync modal (or page): what would sync and what will fail."""
    connection = linked_connection(row.company_id)
    if connection is None or not connection.is_connected:
        flash(
            "Sync options saved, but nothing can sync yet: connect to "
            f"{any_package()} first (or reconnect it) above.",
            "error",
        )
        return back()
    if not wants_fragment("modal"):
        flash("Sync options saved.", "success")  # the modal says it itself
    shown = plan.build(connection, row, switched_on(row))
    return render_page("sync/confirm.html", "sync/_confirm.html", "modal", plan=shown)


@bp.route("/sync/runs", methods=["POST"])
@admin_required
def start():
    """Proceed: queue a run of what the sync options ask for (one at a time)."""
    company_id = current_user.company_id
    connection = linked_connection(company_id)
    if connection is None or not connection.is_connected:
        return refuse(
            f"Connect to {any_package()} first (or reconnect it) in "
            "Settings > Accounts Integration."
        )
    requests = switched_on(options.options_for(company_id))
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
    return top_bar.progress_reply(
        run,
        before,
        notice=notice,
        events=["sync-started"] if created else [],
        close_modal=True,
    )


@bp.route("/sync/progress")
@admin_required
def progress():
    """The top bar's progress: polls while the latest run is active, then stops."""
    company_id = current_user.company_id
    runs.recover_stale(company_id)  # a dead worker ends the run, and the polling
    latest = top_bar.latest_run(company_id)
    return top_bar.progress_reply(latest, request.args.get("seen", ""))


@bp.route("/sync/runs/<int:run_id>/cancel", methods=["POST"])
@admin_required
def cancel(run_id):
    """Queued: cancelled at once. Running: stops after the batch in flight."""
    run = SyncRun.get_owned_or_404(current_user.company_id, run_id)
    before = f"{run.id}:{run.status}"
    was_active = run.is_active
    runs.cancel(run)
    db.session.refresh(run)
    if htmx:
        return top_bar.progress_reply(run, before)
    if not was_active:
        flash("That sync had already ended.", "info")
    elif run.status == SyncRun.CANCELLED:
        flash("Sync cancelled.", "success")
    else:
        flash("The sync stops after the batch it is sending now.", "info")
    return back()
