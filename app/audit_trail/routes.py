"""Settings > Audit trail: who changed what, when and from where; read-only."""

from datetime import date

from flask import Blueprint, Response, request, stream_with_context
from flask_login import current_user

from app.audit_trail import csv_export, filtering, paging, services
from app.auth import admin_required
from app.models import AuditEntry
from app.web import render_page

bp = Blueprint("audit_trail", __name__, url_prefix="/settings/audit")


def cursor(name):
    return paging.cursor(request.args.get(name, type=int))


@bp.route("/")
@admin_required
def index():
    """The company's entries newest first, filtered, a page at a time."""
    company_id = current_user.company_id
    filters = filtering.read_filters(request.args, company_id)
    found = paging.page(
        company_id, filters, before=cursor("before"), after=cursor("after")
    )
    return render_page(
        "audit_trail/index.html",
        "audit_trail/_entries.html",
        "audit-entries",
        listing=found,
        filters=filters,
        people=filtering.people(company_id),
        kinds=AuditEntry.KIND_LABELS,
        count_limit=paging.COUNT_LIMIT,
        when=services.when,
        describe=services.describe,
        uk=filtering.uk,
    )


@bp.route("/export.csv")
@admin_required
def export():
    """The filtered entries as a spreadsheet-safe CSV, streamed as it is read."""
    company_id = current_user.company_id
    filters = filtering.read_filters(request.args, company_id)
    name = f"audit-trail-{date.today().isoformat()}.csv"
    response = Response(
        stream_with_context(csv_export.csv_rows(company_id, filters)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
    response.charset = "utf-8"
    return response
