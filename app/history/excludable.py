"""Don't send: which records can be left out, and the exclusions covering items."""

import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, Customer, Payment, SalesInvoice
from app.models.sync import ExternalLink, SyncExclusion, SyncItem, SyncRun

# What Don't send accepts; an allocation is left out by leaving out its credit note.
EXCLUDABLE = {
    "customer": Customer,
    "invoice": SalesInvoice,
    "credit_note": CreditNote,
    "payment": Payment,
}
EXCLUDED_AS = {"allocation": "credit_note", **{kind: kind for kind in EXCLUDABLE}}


def deleted_payment_label(company_id, local_id):
    """A payment deleted here that went to the package: what the sync called it,
    or None if no payment of this company with this id ever went."""
    went = db.session.scalar(
        sa.select(ExternalLink.id).where(
            ExternalLink.company_id == company_id,
            ExternalLink.kind == "payment",
            ExternalLink.local_id == local_id,
        )
    )
    if went is None:
        return None
    label = db.session.scalar(
        sa.select(SyncItem.label)
        .join(SyncRun, SyncRun.id == SyncItem.run_id)
        .where(
            SyncRun.company_id == company_id,
            SyncItem.kind == "payment",
            SyncItem.local_id == local_id,
        )
        .order_by(SyncItem.id.desc())
        .limit(1)
    )
    return label or "A payment (deleted here)"


def exclusions_for(company_id, items):
    """The exclusions that cover these items, by (item kind, local id)."""
    wanted = {(EXCLUDED_AS[i.kind], i.local_id) for i in items if i.kind in EXCLUDED_AS}
    if not wanted:
        return {}
    rows = db.session.scalars(
        SyncExclusion.for_company(company_id).where(
            SyncExclusion.kind.in_({kind for kind, _id in wanted}),
            SyncExclusion.local_id.in_({local_id for _kind, local_id in wanted}),
        )
    ).all()
    found = {(row.kind, row.local_id): row for row in rows}
    return {
        (i.kind, i.local_id): found[(EXCLUDED_AS[i.kind], i.local_id)]
        for i in items
        if i.kind in EXCLUDED_AS and (EXCLUDED_AS[i.kind], i.local_id) in found
    }


def find_exclusion(company_id, kind, local_id):
    return db.session.scalar(
        SyncExclusion.for_company(company_id).where(
            SyncExclusion.kind == kind, SyncExclusion.local_id == local_id
        )
    )
