"""Our tax and nominal codes as each accounts package names them in its CSV import.

Tax codes go through, in order: the package's own code when ours already is one
(a Sage T-code; a code pulled from QuickBooks keeps QuickBooks' name; a code linked
to Xero by a sync uses the linked TaxType), else the UK VAT default by rate below.
A rate with no default (say 12.5%) is not guessed: the document is not exported.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import Company, NominalCode, TaxCode

SAGE_CODE = re.compile(r"^T\d{1,2}$")
ZERO_WORDS = {
    "exempt": ("exempt",),
    "none": ("no vat", "outside", "not vatable", "non-vatable", "none"),
}
# The UK VAT defaults, by rate (or kind of 0%): shown on the exports page too.
DEFAULTS = {
    "sage50": {
        "20": "T1",
        "5": "T5",
        "zero": "T0",
        "exempt": "T2",
        "none": "T9",
    },
    "xero": {
        "20": "20% (VAT on Income)",
        "5": "5% (VAT on Income)",
        "zero": "Zero Rated Income",
        "exempt": "Exempt Income",
        "none": "No VAT",
    },
    "xero_purchases": {
        "20": "20% (VAT on Expenses)",
        "5": "5% (VAT on Expenses)",
        "zero": "Zero Rated Expenses",
        "exempt": "Exempt Expenses",
        "none": "No VAT",
    },
    "quickbooks": {
        "20": "20.0% S",
        "5": "5.0% R",
        "zero": "0.0% Z",
        "exempt": "Exempt",
        "none": "No VAT",
    },
}
RATE_LABELS = {
    "20": "20% (standard)",
    "5": "5% (reduced)",
    "zero": "0%, zero rated",
    "exempt": "0%, name says exempt",
    "none": "0%, name says no VAT or outside the scope",
}


class Refused(Exception):
    """A record this format cannot express; the message says why."""


@dataclass(frozen=True)
class Tax:
    code: str
    name: str
    rate: Decimal
    source: str


def rate_key(tax):
    """Which default applies: "20", "5", "zero", "exempt", "none"; None for others."""
    if tax.rate == 0:
        words = f"{tax.name} {tax.code}".casefold()
        for key, markers in ZERO_WORDS.items():
            if any(marker in words for marker in markers):
                return key
        return "zero"
    key = f"{tax.rate.normalize():f}"
    return key if key in ("20", "5") else None


@dataclass
class Codes:
    """One company's codes, read once per export."""

    currency: str = "GBP"
    taxes: dict = field(default_factory=dict)  # id -> Tax
    nominals: dict = field(default_factory=dict)  # id -> (code, name)
    bank: str | None = None
    xero_types: dict = field(default_factory=dict)  # tax code id -> Xero TaxType

    def nominal(self, nominal_id, position):
        """(code, name) of a line's nominal code, or Refused."""
        found = self.nominals.get(nominal_id)
        if found is None or not found[0]:
            raise Refused(f"Line {position} has no nominal code.")
        return found

    def tax(self, tax_id, position):
        found = self.taxes.get(tax_id)
        if found is None:
            raise Refused(f"Line {position} has no tax code.")
        return found

    def sage_tax(self, tax_id, position):
        tax = self.tax(tax_id, position)
        if SAGE_CODE.match(tax.code.upper()):
            return tax.code.upper()
        return self.default("sage50", tax, position, "Sage 50")

    def xero_tax(self, tax_id, position, purchases=False):
        if tax_id in self.xero_types:
            return self.xero_types[tax_id]
        tax = self.tax(tax_id, position)
        table = "xero_purchases" if purchases else "xero"
        return self.default(table, tax, position, "Xero")

    def quickbooks_tax(self, tax_id, position):
        tax = self.tax(tax_id, position)
        if tax.source == "quickbooks":
            return tax.name
        return self.default("quickbooks", tax, position, "QuickBooks")

    @staticmethod
    def default(table, tax, position, package):
        value = DEFAULTS[table].get(rate_key(tax))
        if value is None:
            raise Refused(
                f"Line {position}: tax code {tax.code} ({tax.rate.normalize():f}%) "
                f"has no {package} equivalent."
            )
        return value


def load(company_id, with_xero_links=False):
    """The company's currency, tax codes, nominal codes and its bank nominal code."""
    codes = Codes(
        currency=db.session.scalar(
            sa.select(Company.base_currency).where(Company.id == company_id)
        )
        or "GBP"
    )
    rows = db.session.execute(
        sa.select(TaxCode.id, TaxCode.code, TaxCode.name, TaxCode.rate, TaxCode.source)
        .where(TaxCode.company_id == company_id)
    )  # fmt: skip
    codes.taxes = {
        row.id: Tax(row.code, row.name, row.rate, row.source) for row in rows
    }
    rows = db.session.execute(
        sa.select(NominalCode.id, NominalCode.code, NominalCode.name, NominalCode.type)
        .where(NominalCode.company_id == company_id)
        .order_by(NominalCode.code)
    )  # fmt: skip
    for row in rows:
        codes.nominals[row.id] = (row.code, row.name)
        if row.type == "bank" and codes.bank is None:
            codes.bank = row.code
    if with_xero_links:
        codes.xero_types = xero_links(company_id)
    return codes


def xero_links(company_id):
    """{tax code id: Xero TaxType} from a sync's links, while linked to Xero."""
    from app.integrations.services import linked_connection
    from app.sync import links

    connection = linked_connection(company_id)
    if connection is None or connection.provider != "xero":
        return {}
    found = links.remote_ids(company_id, "xero", "tax_code")
    return {local: remote for local, remote in found.items() if remote}
