"""Keeping an upload, checking it, and importing its valid rows in one transaction."""

import contextlib
import csv
import hashlib
import io
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from app.config import private_folder, write_private
from app.extensions import db
from app.imports import reading
from app.imports.checks import (
    CustomerChecker,
    NominalCodeChecker,
    SupplierChecker,
    TaxCodeChecker,
)
from app.imports.kinds import KINDS
from app.imports.purchases import PurchaseChecker
from app.imports.reading import FileProblem
from app.models import ImportUpload
from app.models.base import utcnow

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
CHECKERS = {
    "customers": CustomerChecker,
    "suppliers": SupplierChecker,
    "purchase_invoices": PurchaseChecker,
    "tax_codes": TaxCodeChecker,
    "nominal_codes": NominalCodeChecker,
}
RULE = "Nothing is half-imported: valid rows go in together, or none do."


class TooLarge(FileProblem):
    """The file is over IMPORT_MAX_BYTES."""


def max_bytes():
    return current_app.config.get("IMPORT_MAX_BYTES", MAX_BYTES)


def max_rows():
    return current_app.config.get("IMPORT_MAX_ROWS", MAX_ROWS)


def too_large_message():
    size = max_bytes()
    shown = f"{size / 1024 / 1024:g} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
    return f"The file is larger than the {shown} limit. Split it and import each part."


def folder():
    return private_folder(Path(current_app.config["INSTANCE_PATH"]) / "imports")


def codes_refusal(company):
    """Why codes cannot be imported now, or None."""
    from app.codes.services import read_only_reason

    return read_only_reason(company)


def receive(user, kind, storage):
    """Read, check and keep an uploaded file; the new ImportUpload, or FileProblem."""
    limit = max_bytes()
    data = storage.stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(too_large_message())
    sheet = reading.read(data, KINDS[kind], max_rows())
    stored_name = f"{secrets.token_hex(16)}.csv"
    write_private(folder() / stored_name, data)
    upload = ImportUpload(
        company_id=user.company_id,
        uploaded_by_id=user.id,
        kind=kind,
        file_name=(storage.filename or "upload.csv")[-255:],
        stored_name=stored_name,
        encoding=sheet.encoding,
        delimiter=sheet.delimiter,
    )
    count(upload, check(upload, sheet)[1])
    db.session.add(upload)
    db.session.commit()
    return upload


def load(upload):
    """The stored file read again as a sheet; FileProblem once it is gone."""
    path = folder() / upload.stored_name
    if upload.is_expired or not path.is_file():
        raise FileProblem(
            "This upload has expired and its file is no longer kept. "
            "Upload the file again."
        )
    return reading.read(path.read_bytes(), KINDS[upload.kind], max_rows())


def check(upload, sheet):
    """(checker, rows) for the sheet, against the company's data as it is now."""
    checker = CHECKERS[upload.kind](sheet, KINDS[upload.kind], upload.company_id)
    return checker, checker.check_all()


def count(upload, rows):
    upload.rows_total = len(rows)
    upload.rows_valid = sum(row.ok for row in rows)
    upload.rows_rejected = upload.rows_total - upload.rows_valid


def fingerprint(upload, rows):
    """Names exactly which rows the preview showed as valid."""
    valid = ",".join(str(row.number) for row in rows if row.ok)
    return hashlib.sha256(f"{upload.id}:{valid}".encode()).hexdigest()[:20]


def confirm(upload, seen):
    """Import the valid rows at once; (imported count or None, message)."""
    if upload.is_imported:
        return None, "This file was imported already; nothing was imported twice."
    try:
        sheet = load(upload)
    except FileProblem as problem:
        return None, str(problem)
    checker, rows = check(upload, sheet)
    if fingerprint(upload, rows) != seen:
        return None, (
            "Your data changed since this preview, so the rows to import changed "
            "too. Nothing was imported; check the preview below and confirm again."
        )
    valid = sum(row.ok for row in rows)
    if not valid:
        return None, "No row is valid, so there is nothing to import."
    try:
        # Claim the upload in the same transaction as the rows: a second confirm
        # finds it imported (or waits for this one) and writes nothing.
        claimed = db.session.execute(
            sa.update(ImportUpload)
            .where(
                ImportUpload.id == upload.id,
                ImportUpload.status == ImportUpload.PREVIEWED,
            )
            .values(
                status=ImportUpload.IMPORTED,
                imported_at=utcnow(),
                rows_total=len(rows),
                rows_valid=valid,
                rows_rejected=len(rows) - valid,
            )
        )
        if claimed.rowcount != 1:
            db.session.rollback()
            return None, "This file was imported already; nothing was imported twice."
        db.session.add_all(checker.build(rows))
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        reason = str(getattr(error, "orig", error)).splitlines()[0][:200]
        return None, (
            f"Nothing was imported: the database refused the import ({reason}). "
            "Check the preview and try again."
        )
    # Checked again later, the imported rows would look like duplicates: keep these.
    # The import stands even if the disk refuses; the download then says so.
    with contextlib.suppress(OSError):
        write_private(rejected_path(upload), rejected_text(sheet, rows).encode())
    return valid, f"Imported {valid} row{'s' if valid != 1 else ''}."


def neutralise(cell):
    """Keep a spreadsheet from running a cell as a formula; numbers stay numbers."""
    if cell[:1] in ("=", "@", "\t", "\r"):
        return "'" + cell
    if cell[:1] in ("+", "-"):
        try:
            float(cell.replace(",", ""))
        except ValueError:
            return "'" + cell
    return cell


def csv_text(header, rows):
    """CSV text with a BOM so Excel reads £ and accents."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def rejected_path(upload):
    return folder() / upload.stored_name.replace(".csv", "-rejected.csv")


def rejected_text(sheet, rows):
    width = len(sheet.header)
    return csv_text(
        [*sheet.header, "Reason"],
        (
            [*(row.cells + [""] * width)[:width], f"Row {row.number}: {row.reason()}"]
            for row in rows
            if not row.ok
        ),
    )


def rejected_csv(upload):
    """The refused rows as uploaded, each with a Reason column."""
    if upload.is_imported:
        path = rejected_path(upload)
        if upload.is_expired or not path.is_file():
            raise FileProblem("The rejected rows of this import are no longer kept.")
        return path.read_bytes().decode("utf-8")
    sheet = load(upload)
    return rejected_text(sheet, check(upload, sheet)[1])


def template_csv(kind):
    return csv_text(kind.template_header(), [kind.template_row()])


def recent(company_id, limit=10):
    """The company's latest uploads; files of expired ones are deleted on the way."""
    uploads = db.session.scalars(
        ImportUpload.for_company(company_id)
        .order_by(ImportUpload.id.desc())
        .limit(limit)
    ).all()
    for upload in db.session.scalars(
        ImportUpload.for_company(company_id).where(ImportUpload.expires_at < utcnow())
    ):
        (folder() / upload.stored_name).unlink(missing_ok=True)
        rejected_path(upload).unlink(missing_ok=True)
    return uploads
