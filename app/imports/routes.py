"""CSV imports: upload, preview every row, confirm, download the rejected rows."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.imports import services
from app.imports.kinds import KINDS
from app.imports.reading import DELIMITER_NAMES, FileProblem
from app.models import ImportUpload

bp = Blueprint("imports", __name__, url_prefix="/reports/imports")

SHOWN_ERRORS = 500  # the rest are in the rejected-rows download


def allowed_kinds():
    """The kinds this user may import: codes are for admins only."""
    return [k for k in KINDS.values() if current_user.is_admin or not k.admin_only]


def index_page(problem=None, kind="", status=200):
    company = current_user.company
    return render_template(
        "imports/index.html",
        kinds=allowed_kinds(),
        all_kinds=KINDS,
        chosen=kind,
        problem=problem,
        codes_locked=services.codes_refusal(company),
        uploads=services.recent(current_user.company_id),
        max_bytes=services.max_bytes(),
        rule=services.RULE,
    ), status


def refuse_codes(kind):
    """Why this user cannot import `kind` now; 403 for office users and codes."""
    if not KINDS[kind].admin_only:
        return None
    if not current_user.is_admin:
        abort(403)
    return services.codes_refusal(current_user.company)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """A body over the limit: the import page again, saying what the limit is."""
    return index_page(services.too_large_message(), status=413)


@bp.route("/", methods=["GET", "POST"])
def index():
    """Choose what to import, download its template, upload the file."""
    if request.method == "GET":
        return index_page()
    # Allow the file plus its multipart wrapping, and no more, for this request.
    request.max_content_length = services.max_bytes() + 64 * 1024
    kind = request.form.get("kind", "")
    if kind not in KINDS:
        return index_page("Choose what the file contains.", status=400)
    refused = refuse_codes(kind)
    if refused:
        return index_page(refused, kind, status=400)
    storage = request.files.get("file")
    if storage is None or not storage.filename:
        return index_page("Choose a CSV file to upload.", kind, status=400)
    try:
        upload = services.receive(current_user, kind, storage)
    except services.TooLarge as problem:
        return index_page(str(problem), kind, status=413)
    except FileProblem as problem:
        return index_page(str(problem), kind, status=400)
    return redirect(url_for("imports.preview", upload_id=upload.id))


@bp.route("/template/<kind>.csv")
def template(kind):
    """A template CSV: the headers we read and one example row."""
    if kind not in KINDS:
        abort(404)
    return csv_response(services.template_csv(KINDS[kind]), f"{kind}-template.csv")


def owned(upload_id):
    return ImportUpload.get_owned_or_404(current_user.company_id, upload_id)


def preview_page(upload, message=None, status=200):
    """Every row checked against the data as it is now, or what was imported."""
    problem, sheet, rows = None, None, []
    if not upload.is_imported:
        try:
            sheet = services.load(upload)
            rows = services.check(upload, sheet)[1]
        except FileProblem as error:
            problem = str(error)
    errors = [(row.number, column, text) for row in rows for column, text in row.errors]
    valid = [row for row in rows if row.ok]
    locked = KINDS[upload.kind].admin_only and (
        not current_user.is_admin or services.codes_refusal(current_user.company)
    )
    return render_template(
        "imports/preview.html",
        upload=upload,
        kind=KINDS[upload.kind],
        sheet=sheet,
        rows=rows,
        valid=valid,
        errors=errors[:SHOWN_ERRORS],
        more_errors=max(0, len(errors) - SHOWN_ERRORS),
        fingerprint=services.fingerprint(upload, rows),
        problem=problem,
        message=message,
        locked=locked,
        delimiter_name=DELIMITER_NAMES.get(upload.delimiter, upload.delimiter),
        rule=services.RULE,
    ), status


@bp.route("/<int:upload_id>")
def preview(upload_id):
    """The preview: counts, each refused row and cell, the confirm button."""
    return preview_page(owned(upload_id))


@bp.route("/<int:upload_id>/confirm", methods=["POST"])
def confirm(upload_id):
    """Import every valid row in one transaction, once."""
    upload = owned(upload_id)
    refused = refuse_codes(upload.kind)
    if refused:
        return preview_page(upload, refused, status=400)
    imported, message = services.confirm(upload, request.form.get("fingerprint", ""))
    if imported is None:
        return preview_page(upload, message, status=409)
    flash(message, "success")
    return redirect(url_for("imports.preview", upload_id=upload.id))


@bp.route("/<int:upload_id>/rejected.csv")
def rejected(upload_id):
    """The refused rows as uploaded, with a Reason column."""
    upload = owned(upload_id)
    try:
        text = services.rejected_csv(upload)
    except FileProblem as problem:
        flash(str(problem), "warning")
        return redirect(url_for("imports.preview", upload_id=upload.id))
    stem = upload.file_name.rsplit(".", 1)[0] or "import"
    return csv_response(text, f"{stem}-rejected.csv")


def csv_response(text, file_name):
    safe = "".join(c for c in file_name if c.isalnum() or c in "-_.") or "import.csv"
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
