"""Turning uploaded bytes into a header and rows, or a clear reason why not."""

import csv
import io
import re
from dataclasses import dataclass, field

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
# Control characters never appear in a CSV saved as text; many mean a binary file.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says what to do."""


@dataclass
class Sheet:
    """A decoded CSV: the header, the data rows with their spreadsheet numbers."""

    encoding: str
    delimiter: str
    header: list
    rows: list = field(default_factory=list)  # [(row number, [cells])]
    columns: dict = field(default_factory=dict)  # field name -> header index
    ignored: list = field(default_factory=list)  # headers no field uses


def normalise(header):
    """'Nominal A/C Ref*' and 'nominal_ac_ref' both become 'nominalacref'."""
    return re.sub(r"[^0-9a-z]", "", header.casefold())


def decode(data):
    """(text, encoding): UTF-8 (with or without BOM), else Windows-1252."""
    if not data.strip():
        raise FileProblem("The file is empty. Choose a CSV file with a header row.")
    if b"\x00" in data:
        raise FileProblem(
            "This is not a CSV text file (it looks like a spreadsheet or other "
            "binary file). In your spreadsheet choose Save as, then CSV."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.rstrip("\x1a")  # old DOS programs end files with Ctrl-Z
        # A stray control character is the cell's problem; many mean binary.
        if len(CONTROL.findall(text)) > max(10, len(text) // 100):
            break
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise FileProblem(
        "This file cannot be read as text. Save it from your spreadsheet as "
        "CSV (UTF-8) and upload it again."
    )


def split(text, delimiter, limit=None):
    """The records of `text`, up to `limit`; a broken file raises FileProblem."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    try:
        for record in reader:
            records.append(record)
            if limit is not None and len(records) >= limit:
                break
    except csv.Error as error:
        raise FileProblem(
            f"The file could not be read near line {reader.line_num}: {error}. "
            "Check for an unclosed quote or a very long cell."
        ) from None
    return records


def sniffed(text):
    """csv.Sniffer's guess among comma, semicolon and tab, else None."""
    try:
        return (
            csv.Sniffer().sniff(text[:8192], delimiters="".join(DELIMITERS)).delimiter
        )
    except csv.Error:
        return None


def match_columns(header, kind):
    """{field: header index}: best alias first; required fields may borrow one."""
    names = [normalise(h) for h in header]
    candidates = sorted(
        (rank, order, index, spec.name)
        for order, spec in enumerate(kind.fields)
        for rank, alias in enumerate(spec.aliases)
        for index, name in enumerate(names)
        if name == alias
    )
    columns, used = {}, {}
    for _rank, _order, index, name in candidates:
        if name not in columns and index not in used:
            columns[name], used[index] = index, name
    for spec in kind.fields:
        if spec.required and spec.name not in columns:
            # "Reference" alone means the invoice number, not the memo field.
            for alias in spec.aliases:
                if alias in names:
                    index = names.index(alias)
                    columns.pop(used[index], None)
                    columns[spec.name], used[index] = index, spec.name
                    break
    return columns


def read(data, kind, max_rows):
    """The sheet for `kind` from raw bytes, its columns matched; or FileProblem."""
    text, encoding = decode(data)
    first_lines = split(text, ",", limit=1)  # only to find a header line at all
    if not first_lines or not any(cell.strip() for cell in first_lines[0]):
        raise FileProblem("The first line is blank: the file needs a header row.")
    best, best_score = None, -1
    # The delimiter that finds the most known columns wins; the sniffer breaks ties.
    guess = sniffed(text)
    for delimiter in sorted(DELIMITERS, key=lambda d: d != guess):
        header = split(text, delimiter, limit=1)[0]
        score = len(match_columns(header, kind))
        if score > best_score:
            best, best_score = delimiter, score
    header = [cell.strip() for cell in split(text, best, limit=1)[0]]
    columns = match_columns(header, kind)
    missing = [
        spec for spec in kind.fields if spec.required and spec.name not in columns
    ]
    if missing and len(header) == 1 and (kind.needs_several_columns or not columns):
        raise FileProblem(
            "Every line came out as one column, so the columns are not separated "
            "by commas, semicolons or tabs. Save the file from your spreadsheet as "
            "CSV and upload it again."
        )
    if not columns:
        raise FileProblem(
            "The first line is not a header we recognise. It should name the "
            f"columns, like: {', '.join(kind.template_header())}. Download the "
            "template to see them all."
        )
    if kind.one_of and not any(name in columns for name in kind.one_of):
        missing += [spec for spec in kind.fields if spec.name == kind.one_of[0]]
    if missing:
        names = ", ".join(f"{spec.label} (or {spec.example_alias})" for spec in missing)
        raise FileProblem(f"Required columns are missing: {names}.")
    records = split(text, best, limit=max_rows + 2)
    if len(records) > max_rows + 1:
        raise FileProblem(
            f"The file has more than {max_rows:,} rows. Split it into smaller "
            "files and import them one after another."
        )
    sheet = Sheet(encoding=encoding, delimiter=best, header=header, columns=columns)
    sheet.ignored = [h for i, h in enumerate(header) if i not in columns.values() and h]
    for number, record in enumerate(records[1:], start=2):
        if any(cell.strip() for cell in record):
            sheet.rows.append((number, record))
    if not sheet.rows:
        raise FileProblem("The file has a header but no rows to import.")
    return sheet
