"""A purchase file's tax column: our code or name, the package's, or a Xero tax type."""

import re
from decimal import Decimal

from app.imports.checks import CellError

# Xero's UK tax types (codes and names) by the rate they carry, with a word that
# tells same-rate codes apart: a Xero bill template names these, not our codes.
XERO_TYPES = {
    "input2": ("20", ""),
    "output2": ("20", ""),
    "rrinput": ("5", ""),
    "rroutput": ("5", ""),
    "zeroratedinput": ("0", "zero"),
    "zeroratedoutput": ("0", "zero"),
    "zeroratedexpenses": ("0", "zero"),
    "zeroratedincome": ("0", "zero"),
    "exemptinput": ("0", "exempt"),
    "exemptoutput": ("0", "exempt"),
    "exemptexpenses": ("0", "exempt"),
    "exemptincome": ("0", "exempt"),
    "exempt": ("0", "exempt"),
    "none": ("0", "no vat"),
    "novat": ("0", "no vat"),
}
PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%")


def find_tax(taxes, linked_taxes, text):
    """The active tax code a cell names (`linked_taxes` by the package's ids)."""
    key = text.casefold()
    exact = [t for t in taxes if key in (t.code.casefold(), t.name.casefold())]
    found = exact[0] if exact else linked_taxes.get(key)
    if found is None:
        found = tax_by_rate(taxes, text, key)
    if not found.active:
        raise CellError(f"Tax code {found.code} is inactive.")
    return found


def tax_by_rate(taxes, text, key):
    """A Xero tax type (INPUT2, "20% (VAT on Expenses)") by its rate."""
    rate, word = XERO_TYPES.get(re.sub(r"[^a-z0-9]", "", key), (None, ""))
    shown = PERCENT.match(key)
    if rate is None and shown:
        rate = shown.group(1)
        word = "exempt" if "exempt" in key else "zero" if "zero" in key else ""
    if rate is None:
        raise CellError(f"No tax code {text}.")
    same = [t for t in taxes if t.active and t.rate == Decimal(rate)]
    if len(same) > 1 and word:
        same = [t for t in same if word in t.name.casefold()] or same
    if len(same) != 1:
        codes = ", ".join(t.code for t in same) or "none at that rate"
        raise CellError(
            f"{text} could be any of your tax codes ({codes}); use the code itself."
        )
    return same[0]
