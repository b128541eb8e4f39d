"""Who may change tax and nominal codes, and when."""

import sqlalchemy as sa

from app.extensions import db
from app.models import AccountsConnection

SOURCE_NAMES = {"local": "LedgerBridge", "xero": "Xero", "quickbooks": "QuickBooks"}


def codes_editable(company):
    """True while codes are kept here, False while an accounts package is their master.

    The accounts integration ([3/6]) makes this False while a package is connected,
    because the codes are then pulled from it and must be changed there.
    """
    return AccountsConnection.linked_for(company.id) is None


def read_only_reason(company, row=None):
    """Why the company's codes (or this row) cannot be changed here, or None."""
    if not codes_editable(company):
        return (
            "Codes come from your connected accounts package, so change them there; "
            "they are copied here on the next sync."
        )
    if row is not None and row.source != "local":
        source = SOURCE_NAMES.get(row.source, row.source)
        return f"Code {row.code} was pulled from {source}; change it there."
    return None


def code_taken(model, company_id, code, exclude_id=None):
    """True when another of the company's codes of this kind already uses `code`."""
    query = sa.select(model.id).where(
        model.company_id == company_id,
        sa.func.lower(model.code) == code.lower(),
    )
    if exclude_id:
        query = query.where(model.id != exclude_id)
    return db.session.scalar(query) is not None


def code_order(column):
    """ORDER BY terms: codes made of digits by their number (090, 200, 1100), then
    the rest by text; ltrim() of the digits works alike in SQLite and PostgreSQL."""
    digits = sa.and_(column != "", sa.func.ltrim(column, "0123456789") == "")
    number = sa.case((digits, sa.cast(column, sa.Numeric(30, 0))), else_=None)
    return (sa.case((digits, 0), else_=1), number, sa.func.lower(column), column)


def code_key(code):
    """The same order in Python, for lists already read."""
    code = code or ""
    return (0, int(code), code) if code.isdigit() else (1, code.casefold(), code)


def retire_other_packages(company_id, provider):
    """Connecting a package retires the codes another one pulled, so new documents and
    the sync options offer only this package's codes and ours; documents that use
    the old codes keep them, and a later pull from their package brings them back."""
    from app.models import NominalCode, SyncOptions, TaxCode

    others = ("local", provider)
    retired = set()
    for model in (TaxCode, NominalCode):
        rows = db.session.scalars(
            model.for_company(company_id).where(
                model.source.not_in(others), model.active.is_(True)
            )
        ).all()
        for row in rows:
            row.active = False
            if model is NominalCode:
                retired.add(row.id)
    options = db.session.scalar(SyncOptions.for_company(company_id))
    if options is not None:
        if options.default_sales_nominal_code_id in retired:
            options.default_sales_nominal_code_id = None
        if options.bank_nominal_code_id in retired:
            options.bank_nominal_code_id = None
        if switching(company_id, provider):
            options.tax_code_map = "{}"  # its names are the last package's rates
    return retired


def switching(company_id, provider):
    """True when the package last connected (before this one) was another."""
    from app.models import AccountsConnection

    last = db.session.scalar(
        AccountsConnection.for_company(company_id)
        .where(AccountsConnection.connected_at.is_not(None))
        .order_by(AccountsConnection.connected_at.desc())
        .limit(1)
    )
    return last is not None and last.provider != provider
