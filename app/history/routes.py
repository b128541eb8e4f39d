"""Sync History: every run, what each item did, Retry failed items, Don't send."""

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
from sqlalchemy.exc import IntegrityError

from app.audit_trail import changes
from app.auth import admin_required, safe_next
from app.errors import render_error
from app.extensions import db, htmx
from app.history import excludable, present, queries
from app.history.filters import read_filters, uk
from app.models.base import MAX_ID
from app.models.sync import KIND_LABELS, SyncExclusion, SyncRun
from app.providers.registry import PROVIDER_NAMES
from app.sync import catalogue, counts, failures, runs
from app.sync.push.batch import label_of
from app.web import page_number, paginate, render_page, wants_fragment

bp = Blueprint("history", __name__, url_prefix="/settings/history")

PER_PAGE = 25


def owned_run(run_id):
    return SyncRun.get_owned_or_404(current_user.company_id, run_id)


def items_context(run, notice=None, notice_kind="success"):
    """What _items.html needs to show one run."""
    return {
        "run": run,
        "items": queries.run_items(run),
        "notice": notice,
        "notice_kind": notice_kind,
    }


def helpers():
    return {
        "who": present.who,
        "asked": present.asked,
        "record_url": present.record_url,
        "faq_url": present.faq_url,
        "done_summary": present.done_summary,
        "explain": failures.explain,
        "entry": catalogue.entry,
        "excluded_as": excludable.EXCLUDED_AS,
        "uk": uk,
        "kind_label": counts.label,
    }


@bp.route("/")
@admin_required
def index():
    """Every run of the company, newest first, filtered and paged."""
    company_id = current_user.company_id
    filters = read_filters(request.args)
    open_run, open_id = None, request.args.get("run", type=int)
    if open_id and 0 < open_id < MAX_ID:
        open_run = db.session.scalar(
            SyncRun.for_company(company_id).where(SyncRun.id == open_id)
        )
    page = page_number()
    if open_run is not None and "page" not in request.args:
        page = queries.page_of(company_id, filters, open_run, PER_PAGE)
    pagination = paginate(queries.runs_query(company_id, filters), PER_PAGE, page)
    if open_run is not None and open_run not in pagination.items:
        open_run = None  # filtered out: nothing to expand
    return render_page(
        "history/index.html",
        "history/_runs.html",
        "history-runs",
        pagination=pagination,
        filters=filters,
        statuses=SyncRun.STATUS_LABELS,
        providers=PROVIDER_NAMES,
        open_run=open_run,
        open_items=queries.run_items(open_run) if open_run else None,
        **helpers(),
    )


@bp.route("/<int:run_id>")
@admin_required
def run(run_id):
    """One run on its own page: the direct link and the no-JavaScript expansion."""
    return render_template(
        "history/run.html", **items_context(owned_run(run_id)), **helpers()
    )


@bp.route("/<int:run_id>/items")
@admin_required
def items(run_id):
    """The run's items: into its row in the list (toggling), or on their own."""
    run = owned_run(run_id)
    if wants_fragment(f"run-{run.id}-slot"):
        response = make_response(
            render_template(
                "history/_slot.html",
                open=not request.args.get("close"),
                **items_context(run),
                **helpers(),
            )
        )
        response.headers["Vary"] = "HX-Request, HX-Target"
        return response
    return render_page(
        "history/run.html",
        "history/_items.html",
        f"run-{run.id}-items",
        **items_context(run),
        **helpers(),
    )


@bp.route("/<int:run_id>/retry", methods=["POST"])
@admin_required
def retry(run_id):
    """Start a run that sends this run's failed and skipped items again."""
    run = owned_run(run_id)
    message, connection = queries.retry_problem(run)
    new_run = None
    if message is None:
        entry = changes.retry_started(run, connection)
        new_run, created = runs.start(
            run.company_id,
            connection.provider,
            runs.retry_kinds(run),
            user=current_user._get_current_object(),
            trigger="retry",
            retry_of=run,
        )
        changes.keep_if(created, entry)
        if not created:
            message = "A sync is already running. Retry when it has finished."
    if htmx and message is None:
        # The list again, the new run open at the top and its progress in the bar.
        flash(f"Retry started: run {new_run.id}, open below.", "success")
        response = make_response("", 204)
        response.headers["HX-Location"] = url_for("history.index", run=new_run.id)
        return response
    if htmx:
        context = items_context(run, message, "error")
        return render_template("history/_items.html", **context, **helpers())
    if message:
        flash(message, "error")
        return redirect(url_for("history.run", run_id=run.id))
    flash("Retry started. It will show here when it has finished.", "success")
    return redirect(
        url_for("history.index", run=new_run.id, _anchor=f"run-{new_run.id}")
    )


def bad_request(detail):
    return render_error(400, "That record cannot be left out", detail)


def exclusion_reply(kind, local_id, label, exclusion):
    """The Don't send / Re-enable control for htmx; a redirect otherwise."""
    if htmx:
        return render_template(
            "history/_exclusion.html",
            kind=kind,
            local_id=local_id,
            exclusion=exclusion,
            next_url=request.form.get("next", ""),
        )
    if exclusion is not None:
        flash(f"{label} will not be sent until someone re-enables it.", "success")
    else:
        flash(f"{label} will be sent by the next sync.", "success")
    target = safe_next(request.form.get("next")) or url_for("history.exclusions")
    return redirect(target)


@bp.route("/exclusions", methods=["POST"])
@admin_required
def exclude():
    """Don't send: leave one record out of every sync until re-enabled."""
    company_id = current_user.company_id
    kind = request.form.get("kind", "")
    local_id = request.form.get("local_id", type=int)
    if kind not in excludable.EXCLUDED_AS:
        return bad_request(
            "Only customers, invoices, credit notes and payments can be left out."
        )
    if local_id is None:
        return bad_request("Say which record to leave out.")
    kind = excludable.EXCLUDED_AS[kind]
    label = excludable_label(company_id, kind, local_id)
    exclusion = excludable.find_exclusion(company_id, kind, local_id)
    if exclusion is None:
        exclusion = SyncExclusion(
            company_id=company_id,
            kind=kind,
            local_id=local_id,
            label=label[:250],
            excluded_by_id=current_user.id,
        )
        db.session.add(exclusion)
        changes.excluded(kind, local_id, label)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # a double click: the first one made it
            exclusion = excludable.find_exclusion(company_id, kind, local_id)
    return exclusion_reply(kind, local_id, label, exclusion)


def excludable_label(company_id, kind, local_id):
    """The label of a record the company may leave out, else 404. A payment
    deleted here after it went still can be: the sync would delete it there."""
    model = excludable.EXCLUDABLE[kind]
    valid = 0 < local_id < MAX_ID  # ids from forms can be anything
    if kind == "payment" and valid and not model.owned_exists(company_id, local_id):
        label = excludable.deleted_payment_label(company_id, local_id)
        if label is not None:
            return label
    return label_of(kind, model.get_owned_or_404(company_id, local_id))


@bp.route("/exclusions/<int:exclusion_id>/delete", methods=["POST"])
@admin_required
def include(exclusion_id):
    """Re-enable: the record goes with the next sync again."""
    row = SyncExclusion.get_owned_or_404(current_user.company_id, exclusion_id)
    kind, local_id, label = row.kind, row.local_id, row.label
    db.session.delete(row)
    changes.included(kind, local_id, label)
    db.session.commit()
    return exclusion_reply(kind, local_id, label, None)


@bp.route("/exclusions")
@admin_required
def exclusions():
    """Every record left out of the sync, with a way to re-enable each."""
    rows = db.session.scalars(
        SyncExclusion.for_company(current_user.company_id).order_by(
            SyncExclusion.created_at.desc(), SyncExclusion.id.desc()
        )
    ).all()
    return render_template(
        "history/exclusions.html",
        exclusions=rows,
        gone=queries.deleted_since(rows),
        kind_labels=KIND_LABELS,
        record_url=present.record_url,
    )
