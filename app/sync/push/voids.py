"""Push what was undone here: voided invoices and credit notes, deleted payments."""

import sqlalchemy as sa

from app.extensions import db
from app.models import CreditNote, ExternalLink, SalesInvoice
from app.models.sync import SyncItem, SyncRun
from app.providers.base import RemoteRecord
from app.sync import candidates, links
from app.sync.push.batch import ITEM_CODES, label_of, page_of, size_of


def push_invoice_voids(context):
    push_voids(context, "invoice", SalesInvoice, context.provider.void_invoices)


def push_credit_note_voids(context):
    push_voids(context, "credit_note", CreditNote, context.provider.void_credit_notes)


def push_voids(context, kind, model, call):
    """Documents voided here after they went: void them there too, or the
    package goes on counting them. A void is safe to repeat (the provider reads
    the document's state first), so no pending mark is needed."""
    company_id, provider = context.company_id, context.provider_key
    query = candidates.void_ids(company_id, provider, kind)
    for ids in candidates.id_pages(query, model, size_of(context)):
        rows = page_of(model, ids, model.customer)
        existing = links.of(company_id, provider, kind, ids)
        applied = links.of(company_id, provider, "allocation", ids)
        chosen = [row for row in rows if context.wanted(kind, row.id)]
        if chosen:
            results = call([void_payload(row, existing, applied) for row in chosen])
            for row, result in zip(chosen, results, strict=True):
                link, label = existing[row.id], label_of(kind, row)
                if record_change(context, kind, link, label, result, "voided",
                                 refused="void_refused"):  # fmt: skip
                    link.state = ExternalLink.VOIDED
                    if row.id in applied:  # the allocation went with it
                        applied[row.id].state = ExternalLink.VOIDED
        context.advance(kind, len(ids))


def void_payload(row, existing, applied):
    allocation = applied.get(row.id)
    went = allocation is not None and allocation.state == ExternalLink.LINKED
    return RemoteRecord(
        row.id, existing[row.id].remote_id, allocation.remote_id if went else None
    )


def push_payment_deletions(context):
    """Payments deleted here after they went: delete them there too, or the
    package goes on counting the invoice as paid."""
    company_id, provider = context.company_id, context.provider_key
    query = candidates.deleted_payment_links(company_id, provider)
    for ids in candidates.id_pages(query, ExternalLink, size_of(context)):
        rows = page_of(ExternalLink, ids)
        chosen = [link for link in rows if context.wanted("payment", link.local_id)]
        if chosen:
            labels = earlier_labels(context, "payment", [k.local_id for k in chosen])
            results = context.provider.delete_payments(
                [RemoteRecord(link.local_id, link.remote_id) for link in chosen]
            )
            for link, result in zip(chosen, results, strict=True):
                label = f"{labels.get(link.local_id, 'A payment')} (deleted here)"
                if record_change(context, "payment", link, label, result, "deleted"):
                    db.session.delete(link)
        context.advance("payment", len(ids))


def earlier_labels(context, kind, local_ids):
    """What earlier runs called these records: a deleted one has nothing else."""
    rows = db.session.execute(
        sa.select(SyncItem.local_id, SyncItem.label)
        .join(SyncRun, SyncRun.id == SyncItem.run_id)
        .where(
            SyncRun.company_id == context.company_id,
            SyncItem.kind == kind,
            SyncItem.local_id.in_(local_ids),
        )
        .order_by(SyncItem.id)
    )
    return {local_id: label for local_id, label in rows}  # the latest wins


def record_change(context, kind, link, label, result, action, refused=None):
    """Record a void or deletion sent for a linked record; True if it was done.
    On a failure the link stays as it is, so the next sync tries again."""
    if result.ok:
        context.record(kind, link.local_id, label, action, remote_id=link.remote_id)
        return True
    context.record(
        kind, link.local_id, label, "skipped", status=SyncItem.FAILED,
        error=result.error,
        code=refused if result.error.code in ITEM_CODES else None,
    )  # fmt: skip
    return False
