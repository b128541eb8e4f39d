"""Checking each row of a sheet: contacts and codes here, purchases beside it."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from app.extensions import db
from app.imports.reading import CONTROL
from app.models import Customer, NominalCode, Supplier, TaxCode
from app.money import parse_decimal

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
COUNTRIES = {
    "uk": "GB",
    "unitedkingdom": "GB",
    "greatbritain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northernireland": "GB",
    "ireland": "IE",
    "republicofireland": "IE",
}
NOMINAL_TYPES = {
    "income": "revenue",
    "sales": "revenue",
    "revenue": "revenue",
    "expense": "expense",
    "expenses": "expense",
    "directcosts": "expense",
    "overheads": "expense",
    "purchases": "expense",
    "asset": "asset",
    "currentasset": "asset",
    "fixedasset": "asset",
    "liability": "liability",
    "currentliability": "liability",
    "equity": "equity",
    "bank": "bank",
}


class CellError(ValueError):
    """A cell's value is wrong; the message says how."""


@dataclass
class Row:
    """One data row: its spreadsheet number, raw cells, cleaned values, problems."""

    number: int
    cells: list
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # [(column header, message)]

    @property
    def ok(self):
        return not self.errors

    def reason(self):
        return "; ".join(f"{column}: {message}" for column, message in self.errors)


class Checker:
    """Reads cells by field name, cleans them and collects per-cell errors."""

    def __init__(self, sheet, kind, company_id):
        self.sheet, self.kind, self.company_id = sheet, kind, company_id
        self.specs = {spec.name: spec for spec in kind.fields}
        self.prepare()

    def prepare(self):
        """Load what the rows are checked against."""

    def header(self, name):
        index = self.sheet.columns.get(name)
        return self.sheet.header[index] if index is not None else self.specs[name].label

    def raw(self, row, name):
        index = self.sheet.columns.get(name)
        if index is None or index >= len(row.cells):
            return ""
        return row.cells[index].strip()

    def take(self, row, name, clean=None, default=None):
        """The cleaned value of one cell; an error on the row when it does not clean."""
        spec, text = self.specs[name], self.raw(row, name)
        try:
            if not text:
                if spec.required:
                    raise CellError(f"{spec.label} is required.")
                value = default
            else:
                if spec.max_length and len(text) > spec.max_length:
                    raise CellError(
                        f"Keep the {spec.label.lower()} to {spec.max_length} "
                        f"characters or fewer (this has {len(text)})."
                    )
                if CONTROL.search(text):
                    raise CellError("Contains a control character; retype the cell.")
                value = clean(text) if clean else text
        except (CellError, ValueError) as error:
            row.errors.append((self.header(name), str(error)))
            return None
        row.values[name] = value
        return value

    def fail(self, row, name, message):
        row.errors.append((self.header(name), message))

    def check_all(self):
        rows = [Row(number, cells) for number, cells in self.sheet.rows]
        for row in rows:
            self.check(row)
        self.finish(rows)
        return rows

    def check(self, row):
        raise NotImplementedError

    def finish(self, rows):
        """Rules across rows, once each row was checked on its own."""

    def build(self, rows):
        """The new model objects for the valid rows."""
        raise NotImplementedError


def uk_date(text):
    for form in DATE_FORMATS:
        try:
            value = datetime.strptime(text.split("T")[0].split(" ")[0], form).date()
        except ValueError:
            continue
        if not date(1900, 1, 1) <= value <= date(2199, 12, 31):
            raise CellError("The date is out of range.")
        return value
    raise CellError("Enter a date like 31/01/2026.")


def email(text):
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise CellError("Enter an email address like accounts@example.co.uk.") from None


def country(text):
    code = COUNTRIES.get("".join(ch for ch in text.casefold() if ch.isalpha()))
    if code:
        return code
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    raise CellError("Use the two-letter country code, like GB.")


class ContactChecker(Checker):
    """Customers or suppliers: a name, an account number nobody else has."""

    model = None

    def prepare(self):
        rows = db.session.execute(
            sa.select(self.model.name, self.model.account_number).where(
                self.model.company_id == self.company_id
            )
        )
        self.accounts, self.names = {}, {}
        for name, number in rows:
            if number:
                self.accounts[number.casefold()] = f"{name} already uses it"
            self.names.setdefault(name.casefold(), "already on file")

    def check(self, row):
        name = self.take(row, "name")
        number = self.take(row, "account_number")
        for spec in self.kind.fields[2:]:
            clean = {"email": email, "country": country}.get(spec.name)
            default = "GB" if spec.name == "country" else ""
            self.take(row, spec.name, clean, default)
        if row.values.get("postcode"):
            row.values["postcode"] = row.values["postcode"].upper()
        if number:
            taken = self.accounts.get(number.casefold())
            if taken:
                self.fail(row, "account_number", f"Account number {number}: {taken}.")
            else:
                self.accounts[number.casefold()] = f"also on row {row.number}"
        elif name:
            # Without an account number the name is what tells contacts apart.
            taken = self.names.get(name.casefold())
            if taken:
                self.fail(row, "name", f"{name} is {taken}; give an account number.")
        if name:
            self.names.setdefault(name.casefold(), f"also on row {row.number}")

    def build(self, rows):
        return [
            self.model(company_id=self.company_id, **row.values)
            for row in rows
            if row.ok
        ]


class CustomerChecker(ContactChecker):
    model = Customer


class SupplierChecker(ContactChecker):
    model = Supplier


class CodeChecker(Checker):
    """Tax or nominal codes: a code the company does not use yet."""

    model = None

    def prepare(self):
        codes = db.session.scalars(
            sa.select(self.model.code).where(self.model.company_id == self.company_id)
        )
        self.taken = {code.casefold(): "already used" for code in codes}

    def check(self, row):
        code = self.take(row, "code")
        self.take(row, "name")
        self.check_more(row)
        if code:
            taken = self.taken.get(code.casefold())
            if taken:
                self.fail(row, "code", f"Code {code} is {taken}.")
            else:
                self.taken[code.casefold()] = f"also on row {row.number}"

    def check_more(self, row):
        raise NotImplementedError

    def build(self, rows):
        return [
            self.model(company_id=self.company_id, source="local", **row.values)
            for row in rows
            if row.ok
        ]


def percent(text):
    return parse_decimal(
        text.removesuffix("%"),
        places=4,
        label="Rate",
        minimum=Decimal(0),
        maximum=Decimal(100),
    )


def nominal_type(text):
    kind = NOMINAL_TYPES.get("".join(ch for ch in text.casefold() if ch.isalpha()))
    if kind is None:
        raise CellError(f"Use one of: {', '.join(NominalCode.TYPES)}.")
    return kind


class TaxCodeChecker(CodeChecker):
    model = TaxCode

    def check_more(self, row):
        self.take(row, "rate", percent)


class NominalCodeChecker(CodeChecker):
    model = NominalCode

    def check_more(self, row):
        self.take(row, "type", nominal_type)
