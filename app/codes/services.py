"""Who may change tax and nominal codes, and when."""

import sqlalchemy as sa

from app.extensions import db

SOURCE_NAMES = {"local": "LedgerBridge", "xero": "Xero", "quickbooks": "QuickBooks"}


def codes_editable(company):
    """True while codes are kept here, False while an accounts package is their master.

    The accounts integration ([3/6]) makes this False while a package is connected,
    because the codes are then pulled from it and must be changed there.
    """
    from app.integrations.services import linked_connection

    return linked_connection(company.id) is None


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
