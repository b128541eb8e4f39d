"""The code selects of a document's lines: which codes, the first line's defaults."""

import re

from flask import request

from app.codes.services import code_order
from app.extensions import db
from app.models import NominalCode, TaxCode

WORDS = re.compile(r"[a-z]+")


def tax_use(nominal_types):
    """Which rates a document's lines may take: sales ones where they post to
    revenue (invoices, credit notes), purchase ones otherwise (supplier bills)."""
    if not nominal_types:
        return None
    return "sales" if "revenue" in nominal_types else "purchases"


def code_choices(company_id, nominal_types=None, keep_ids=()):
    """Active codes for the selects, plus inactive ones a document already uses;
    tax codes only where the package allows them on this kind of document."""
    nominal_query = NominalCode.for_company(company_id).order_by(
        *code_order(NominalCode.code)
    )
    if nominal_types:
        nominal_query = nominal_query.where(NominalCode.type.in_(nominal_types))
    nominals = [
        n for n in db.session.scalars(nominal_query) if n.active or n.id in keep_ids
    ]
    use = tax_use(nominal_types)
    taxes = [
        t
        for t in db.session.scalars(
            TaxCode.for_company(company_id).order_by(TaxCode.name)
        )
        if (t.active and (use is None or t.fits(use))) or t.id in keep_ids
    ]
    return nominals, taxes


def bind_choices(form, nominals, taxes):
    """Give every line's selects the company's codes; rates go to the totals preview."""
    nominal_choices = [(0, "Choose…")] + [(n.id, n.label) for n in nominals]
    tax_choices = [(0, "Choose…")] + [(t.id, t.label) for t in taxes]
    for entry in form.lines:
        entry.form.nominal_code_id.choices = nominal_choices
        entry.form.tax_code_id.choices = tax_choices
    form.tax_rates = {t.id: t.rate for t in taxes}
    if request.method == "GET":
        suggest_first_line(form, nominals, taxes)


def suggest_first_line(form, nominals, taxes):
    """A blank new form starts with quantity 1, the first code and the standard rate."""
    if len(form.lines) != 1:
        return
    line = form.lines[0].form
    if line.description.data or line.quantity.data or line.nominal_code_id.data:
        return
    line.quantity.data = "1"
    if nominals:
        line.nominal_code_id.data = nominals[0].id
    choosable = [t for t in taxes if t.active] or taxes
    if choosable:
        line.tax_code_id.data = max(choosable, key=standard_rank).id


# Words in the names of rates for special cases, never the everyday standard rate.
SPECIAL = {"ec", "acquisitions", "capital", "reverse", "import", "imports", "flat"}


def standard_rank(tax):
    """The standard rate ranks first: the highest, named "standard", not special."""
    words = set(WORDS.findall(tax.name.casefold()))
    return (tax.rate, "standard" in words, not words & SPECIAL, -tax.id)


def validate_line_codes(form):
    """A line must name a code: 0 is the placeholder, never a real choice."""
    ok = True
    for entry in form.lines:
        if entry.form.nominal_code_id.data in (0, None):
            entry.form.nominal_code_id.errors = ["Choose a nominal code."]
            ok = False
        if entry.form.tax_code_id.data in (0, None):
            entry.form.tax_code_id.errors = ["Choose a tax code."]
            ok = False
    return ok
