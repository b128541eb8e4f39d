"""Exports: the form and past exports, a download, and a large export's progress."""

import csv
from datetime import date

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from app.exports import codes, formats, services, writer
from app.exports.forms import ExportForm
from app.extensions import db
from app.models import Export
from app.web import render_page

bp = Blueprint("exports", __name__, url_prefix="/reports/exports")

LISTED = 50
SHOWN_SKIPPED = 100


def past_exports():
    """The company's exports not yet expired, newest first."""
    company_id = current_user.company_id
    services.purge_expired(company_id)
    return db.session.scalars(
        Export.for_company(company_id).order_by(Export.id.desc()).limit(LISTED)
    ).all()


def index_page(form, status=200):
    page = render_template(
        "exports/index.html",
        form=form,
        exports=past_exports(),
        kinds=formats.KINDS,
        format_names=formats.FORMATS,
        supported=formats.supported(),
        defaults=codes.DEFAULTS,
        rate_labels=codes.RATE_LABELS,
        inline_rows=services.inline_limit(),
    )
    return page, status


@bp.route("/")
def index():
    """The export form, which format takes what, and the exports not yet expired."""
    return index_page(ExportForm().bind(current_user.company_id))


@bp.route("/past")
def past():
    """The Past exports list alone: the page fetches it after a download starts,
    and again while an export in it runs."""
    exports = past_exports()
    response = make_response(
        render_template(
            "exports/_list.html",
            exports=exports,
            kinds=formats.KINDS,
            format_names=formats.FORMATS,
        )
    )
    seen = set(request.args.getlist("running", type=int))
    if any(e.id in seen and not e.is_active for e in exports):
        response.headers["HX-Trigger"] = "notifications-changed"  # one just ended
    return response


@bp.route("/", methods=["POST"])
def start():
    """Small exports download at once, streamed; large ones go to the worker."""
    form = ExportForm().bind(current_user.company_id)
    if not form.validate():
        return index_page(form)
    kind, fmt = form.kind.data, form.format.data
    export = services.create(
        current_user.company_id, current_user.id, kind, fmt, form.filters(kind, fmt)
    )
    if services.runs_inline(export):
        return download_now(export)
    services.enqueue(export)
    if export.status == Export.FAILED:
        flash(export.message, "error")
    else:
        flash(
            f"{export.rows_total:,} rows: the export runs in the background. The bell "
            "tells you when it is ready.",
            "success",
        )
    return redirect(url_for("exports.show", export_id=export.id), code=303)


def download_now(export):
    response = Response(
        stream_with_context(services.stream(export.id)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{export.file_name}"',
            "X-Export-Id": str(export.id),
        },
    )
    response.charset = "utf-8"
    return response


@bp.route("/<int:export_id>")
def show(export_id):
    """One export: progress while it runs, then its download and what was left out."""
    export = services.recover(
        Export.get_owned_or_404(current_user.company_id, export_id)
    )
    response = render_page(
        "exports/show.html",
        "exports/_status.html",
        "export-status",
        export=export,
        kinds=formats.KINDS,
        format_names=formats.FORMATS,
        skipped=skipped_rows(export),
        shown_skipped=SHOWN_SKIPPED,
        period=period(export.filter_values),
    )
    seen = request.args.get("seen", "")
    if not export.is_active and seen in Export.ACTIVE:
        # The first reply to see it end: the bell has a new notification.
        response.headers["HX-Trigger"] = "notifications-changed"
    return response


def period(filters):
    """The date filters as the page shows them: "01/01/2026 to any"."""

    def uk(value):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return "any"

    return f"{uk(filters.get('date_from'))} to {uk(filters.get('date_to'))}"


def skipped_rows(export):
    """The first rows of the not-exported list, for the page."""
    path = writer.skipped_path(export) if export.stored_name else None
    if export.status != Export.READY or path is None or not path.exists():
        return []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        return [row for _n, row in zip(range(SHOWN_SKIPPED), reader, strict=False)]


def ready_file(export, path):
    """The file to send, or a redirect saying why there is none."""
    if export.is_expired:
        flash("That export has expired; export again.", "warning")
        return None, redirect(url_for("exports.index"))
    if export.status != Export.READY or not path.exists():
        flash("That export has no file to download.", "warning")
        return None, redirect(url_for("exports.show", export_id=export.id))
    return path, None


@bp.route("/<int:export_id>/download")
def download(export_id):
    """The export's CSV, streamed from disk."""
    export = Export.get_owned_or_404(current_user.company_id, export_id)
    path, refusal = ready_file(export, writer.file_path(export))
    if refusal:
        return refusal
    return send_file(
        path, mimetype="text/csv", as_attachment=True, download_name=export.file_name
    )


@bp.route("/<int:export_id>/not-exported")
def not_exported(export_id):
    """The list of records left out of the export, with why, as a CSV."""
    export = Export.get_owned_or_404(current_user.company_id, export_id)
    path, refusal = ready_file(export, writer.skipped_path(export))
    if refusal:
        return refusal
    name = export.file_name.replace(".csv", "-not-exported.csv")
    return send_file(path, mimetype="text/csv", as_attachment=True, download_name=name)
