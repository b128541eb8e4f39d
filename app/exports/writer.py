"""Writing an export: rows go to its file, and out to the caller, as they are read."""

import csv
import io
from pathlib import Path

from flask import current_app

from app.exports import codes as code_maps
from app.exports import formats, queries
from app.exports.codes import Refused

BOM = "\ufeff".encode()
SKIPPED_HEADER = ("Record", "Customer or supplier", "Date", "Why it was not exported")


def folder():
    """<INSTANCE_PATH>/exports, made on first use."""
    path = Path(current_app.config["INSTANCE_PATH"]) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_path(export):
    return folder() / export.stored_name


def skipped_path(export):
    return folder() / export.stored_name.replace(".csv", ".skipped.csv")


def describe(record):
    """(label, party, date) naming a record in the not-exported list."""
    if isinstance(record, queries.Doc):
        head = record.head
        return head.number, head.party_name, head.issue_date
    if hasattr(record, "payment_date"):
        return (
            f"Payment of {record.amount:f} for {record.invoice_number}",
            record.party_name,
            record.payment_date,
        )
    return record.name, "", None


def rows_in(record):
    return len(record.lines) if isinstance(record, queries.Doc) else 1


class NotExported:
    """The not-exported list: a small CSV beside the export, opened on first use."""

    def __init__(self, path):
        self.path, self.file, self.writer = path, None, None

    def add(self, record, reason):
        if self.file is None:
            # utf-8-sig: the BOM, so Excel reads accents in names as the main file.
            self.file = open(self.path, "w", newline="", encoding="utf-8-sig")
            self.writer = csv.writer(self.file)
            self.writer.writerow(SKIPPED_HEADER)
        self.writer.writerow([formats.cell(v) for v in (*describe(record), reason)])

    def close(self):
        if self.file is not None:
            self.file.close()


def generate(export, progress=None):
    """Write the export's file and not-exported list; yield the file's bytes in
    chunks, one per page of records. Sets rows_done and not_exported as it goes."""
    layout = formats.layout(export.format, export.kind)
    codes = code_maps.load(export.company_id, with_xero_links=export.format == "xero")
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(layout.header)
    skipped = NotExported(skipped_path(export))
    export.rows_done = export.not_exported = 0
    try:
        with open(file_path(export), "wb") as target:
            chunk = BOM + buffer.getvalue().encode()
            target.write(chunk)
            yield chunk
            for batch in queries.batches(
                export.company_id, export.kind, export.filter_values
            ):
                buffer.seek(0)
                buffer.truncate()
                for record in batch:
                    try:
                        rows = layout.rows(record, codes)
                    except Refused as why:
                        skipped.add(record, str(why))
                        export.not_exported += 1
                        export.rows_done += rows_in(record)
                        continue
                    out.writerows([formats.cell(v) for v in row] for row in rows)
                    export.rows_done += len(rows)
                chunk = buffer.getvalue().encode()
                target.write(chunk)
                if progress is not None:
                    progress(export)
                yield chunk
    finally:
        skipped.close()
