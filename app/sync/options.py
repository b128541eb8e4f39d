"""The sync options: what to pull and push, and how local tax codes map to theirs."""

import json

from app.codes.services import code_order
from app.extensions import db
from app.models import NominalCode, SyncOptions, TaxCode
from app.sync.forms import SyncOptionsForm
from app.sync.kinds import NAMES

MAP_PREFIX = "tax_map-"


def options_for(company_id):
    """The company's options, or unsaved defaults."""
    row = db.session.scalar(SyncOptions.for_company(company_id))
    return row or SyncOptions(
        company_id=company_id,
        **dict.fromkeys(NAMES, True),
        invoice_status=SyncOptions.APPROVED,
        auto_sync="off",
        tax_code_map="{}",
    )


def active_codes(company_id, code_type):
    """The company's active nominal codes of one type ("revenue", "bank")."""
    return db.session.scalars(
        NominalCode.for_company(company_id)
        .where(NominalCode.type == code_type, NominalCode.active.is_(True))
        .order_by(*code_order(NominalCode.code))
    ).all()


def tax_codes(company_id):
    return db.session.scalars(
        TaxCode.for_company(company_id)
        .where(TaxCode.active.is_(True))
        .order_by(TaxCode.code)
    ).all()


def options_form(company_id, formdata=None):
    row = options_for(company_id)
    form = SyncOptionsForm(formdata=formdata, obj=None if formdata else row)
    if formdata is None:
        form.default_sales_nominal_code_id.data = row.default_sales_nominal_code_id or 0
        form.bank_nominal_code_id.data = row.bank_nominal_code_id or 0
    form.default_sales_nominal_code_id.choices = [(0, "– None –")] + [
        (code.id, f"{code.code} {code.name}")
        for code in active_codes(company_id, "revenue")
    ]
    form.bank_nominal_code_id.choices = [(0, "– The first bank account –")] + [
        (code.id, f"{code.code} {code.name}")
        for code in active_codes(company_id, "bank")
    ]
    form.tax_rows = [
        (code, json.loads(row.tax_code_map or "{}").get(code.code, ""))
        for code in tax_codes(company_id)
    ]
    return form


def apply(form, row, posted):
    """Copy a valid form (and the posted tax names) onto the options row."""
    company_id = row.company_id
    for name in NAMES:
        setattr(row, name, getattr(form, name).data)
    row.invoice_status = form.invoice_status.data
    row.auto_sync = form.auto_sync.data
    wanted = form.default_sales_nominal_code_id.data
    owned = {code.id for code in active_codes(company_id, "revenue")}
    row.default_sales_nominal_code_id = wanted if wanted in owned else None
    bank = form.bank_nominal_code_id.data
    row.bank_nominal_code_id = (
        bank if bank in {code.id for code in active_codes(company_id, "bank")} else None
    )
    mapping = {}
    for code in tax_codes(company_id):
        value = (posted.get(f"{MAP_PREFIX}{code.id}") or "").strip()[:100]
        if value and value != code.name:
            mapping[code.code] = value
    row.tax_code_map = json.dumps(mapping, sort_keys=True)


def first_error(form):
    for errors in form.errors.values():
        return str(errors[0])
    return "please try again."
