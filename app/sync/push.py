"""Push: customers, then invoices, credit notes and their allocations, then payments."""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import CreditNote, Customer, ExternalLink, Payment, SalesInvoice
from app.models.base import utcnow
from app.models.sync import SyncItem, SyncRun
from app.providers.base import ProviderError, RemoteRecord
from app.providers.registry import CLIENTS
from app.sync import candidates, links, payloads, pull, runs

ITEM_CODES = {"validation", "not_found", "duplicate", "locked_period"}


def page_of(model, ids, *related):
    """One page of a step's rows, by id, with the relationships it reads loaded."""
    return db.session.scalars(
        sa.select(model)
        .where(model.id.in_(ids))
        .options(*(selectinload(relation) for relation in related))
        .order_by(model.id)
    ).all()


def size_of(context):
    return CLIENTS[context.provider_name].batch_size


def send(context, kind, rows, pending_links, call):
    """Mark pending, send, and return results; a failure of the whole call is
    recorded against every row before it ends the run (the links stay pending)."""
    links.mark_pending(
        context.company_id, context.provider_name, kind,
        [row.id for row, _payload in rows], pending_links,
    )  # fmt: skip
    db.session.commit()
    try:
        return call([payload for _row, payload in rows])
    except ProviderError as error:
        db.session.rollback()
        if error.code in ITEM_CODES:  # the provider refused the batch as a whole
            links.drop_pending(pending_links.get(row.id) for row, _p in rows)
            return [None] * len(rows), error
        for row, _payload in rows:
            context.record(kind, row.id, label_of(kind, row), "skipped",
                           status=SyncItem.FAILED, error=error)  # fmt: skip
        db.session.commit()
        raise


def label_of(kind, row):
    if kind == "customer":
        return row.name
    if kind == "payment":
        return f"{row.amount:,.2f} on {row.invoice.number}"
    if kind == "allocation":
        return f"{row.number} to {row.invoice.number if row.invoice else ''}"
    return f"{row.number} ({row.customer.name})"


def settle_results(context, kind, rows, results, pending_links, action="created"):
    """Record each row's result: link it, or note why it failed."""
    failure = None
    if isinstance(results, tuple):
        results, failure = results
    for (row, payload), result in zip(rows, results, strict=True):
        link = pending_links.get(row.id)
        label = label_of(kind, row)
        if result is not None and result.ok:
            links.settle(
                context.company_id, context.provider_name, kind, row.id,
                result.remote_id, url=result.url, digest=payloads.digest(payload),
                existing=link,
            )  # fmt: skip
            context.record(kind, row.id, label, action, remote_id=result.remote_id,
                           url=result.url)  # fmt: skip
        else:
            links.drop_pending([link])
            context.record(kind, row.id, label, "skipped", status=SyncItem.FAILED,
                           error=result.error if result else failure)  # fmt: skip


def send_page(context, kind, built, existing, call, adopt=False):
    """One page of a push step, as (row, payload) pairs: a payload that is a
    Problem is noted and not sent; the rest go in one batch and each result is
    recorded. adopt: first look up rows whose last write went unanswered by their
    payload (payments and allocations carry no number of ours), linking those
    that arrived."""
    ready = []
    for row, payload in built:
        if isinstance(payload, payloads.Problem):
            note_problem(context, kind, row, payload)
        else:
            ready.append((row, payload))
    if adopt:
        ready = adopt_ready(context, kind, ready, existing)
    if ready:
        results = send(context, kind, ready, existing, call)
        settle_results(context, kind, ready, results, existing)


def note_problem(context, kind, row, problem):
    status = SyncItem.SKIPPED if problem.skipped else SyncItem.FAILED
    context.record(
        kind, row.id, label_of(kind, row), "skipped", status=status,
        code=problem.code, note=problem.message,
    )  # fmt: skip


def push_customers(context):
    """Customers the documents need: link a namesake, else create; update changed."""
    company_id, provider = context.company_id, context.provider_name
    query = candidates.customer_ids(company_id, provider, context.run.pushed_kinds)
    index = pull.remote_customers(context)
    for ids in candidates.id_pages(query, Customer, size_of(context)):
        rows = page_of(Customer, ids)
        existing = links.of(company_id, provider, "customer", ids)
        creates, updates = [], []
        for row in rows:
            if not context.wanted("customer", row.id):
                continue
            link = existing.get(row.id)
            if link is not None and link.state == ExternalLink.LINKED:
                updates.append((row, payloads.customer(row, link.remote_id)))
                continue
            match = pull.best_match(index, row.name, row.email)
            if match is not None and match.active:
                links.settle(company_id, provider, "customer", row.id,
                             match.remote_id, existing=link)  # fmt: skip
                context.record("customer", row.id, row.name, "linked",
                               remote_id=match.remote_id)  # fmt: skip
            elif match is not None:
                context.record(
                    "customer", row.id, row.name, "skipped", status=SyncItem.FAILED,
                    code="customer_archived",
                    note=f"{row.name} is archived in {context.run.provider_name}.",
                )  # fmt: skip
            else:
                creates.append((row, payloads.customer(row)))
        for chosen, action in ((creates, "created"), (updates, "updated")):
            if chosen:
                results = send(context, "customer", chosen, existing,
                               context.provider.push_customers)  # fmt: skip
                settle_results(context, "customer", chosen, results, existing, action)
        context.advance("customer", len(ids))


def push_invoices(context):
    push_documents(context, "invoice", SalesInvoice, context.provider.push_invoices)


def push_credit_notes(context):
    push_documents(
        context, "credit_note", CreditNote, context.provider.push_credit_notes
    )


def push_invoice_voids(context):
    push_voids(context, "invoice", SalesInvoice, context.provider.void_invoices)


def push_credit_note_voids(context):
    push_voids(context, "credit_note", CreditNote, context.provider.void_credit_notes)


def push_voids(context, kind, model, call):
    """Documents voided here after they went: void them there too, or the
    package goes on counting them. A void is safe to repeat (the provider reads
    the document's state first), so no pending mark is needed."""
    company_id, provider = context.company_id, context.provider_name
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
    company_id, provider = context.company_id, context.provider_name
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


def push_documents(context, kind, model, call):
    company_id, provider = context.company_id, context.provider_name
    query = candidates.document_ids(company_id, provider, kind)
    for ids in candidates.id_pages(query, model, size_of(context)):
        rows = page_of(model, ids, model.lines, model.customer)
        existing = links.of(company_id, provider, kind, ids)
        rows = adopt_arrived(
            context, kind, rows, existing, documents_there(context, kind)
        )
        customers = links.remote_ids(
            company_id, provider, "customer", {row.customer_id for row in rows}
        )
        built = [
            (row, payloads.document(context, row, kind, customers.get(row.customer_id)))
            for row in rows
            if context.wanted(kind, row.id)
        ]
        send_page(context, kind, built, existing, call)
        context.advance(kind, len(ids))


def documents_there(context, kind):
    """A finder for adopt_arrived: invoices and credit notes go by their number."""

    def find(pending):
        there = context.provider.find_documents(kind, [row.number for row in pending])
        return {row.id: there[row.number] for row in pending if row.number in there}

    return find


def applied_there(context, kind, ready):
    """A finder for adopt_arrived: payments and allocations carry no number of
    ours, so they go by document, amount and date. Two alike (two 50.00 payments
    on one day) take one remote record each; one already linked is never taken."""
    sent = {row.id: payload for row, payload in ready}

    def find(pending):
        matches = context.provider.find_applied(kind, [sent[row.id] for row in pending])
        taken = links.claimed(
            context.company_id, context.provider_name, kind,
            {remote_id for found in matches.values() for remote_id in found},
        )  # fmt: skip
        chosen = {}
        for row in pending:
            free = [r for r in matches.get(row.id, []) if r not in taken]
            if free:
                chosen[row.id] = free[0]
                taken.add(free[0])
        return chosen

    return find


def adopt_ready(context, kind, ready, existing):
    """adopt_arrived for (row, payload) pairs: the pairs still to send."""
    kept = adopt_arrived(
        context, kind, [row for row, _payload in ready], existing,
        applied_there(context, kind, ready),
    )  # fmt: skip
    kept_ids = {row.id for row in kept}
    return [(row, payload) for row, payload in ready if row.id in kept_ids]


def adopt_arrived(context, kind, rows, existing, find):
    """Rows whose last write went unanswered: link the ones that did arrive, and
    hold back any whose write may still be in flight at the package.
    find(pending rows) says which arrived: {row id: remote id}."""
    pending = [
        row
        for row in rows
        if existing.get(row.id) is not None
        and existing[row.id].state == ExternalLink.PENDING
    ]
    if not pending:
        return rows
    found = find(pending)
    window = timedelta(seconds=current_app.config.get("SYNC_UNCERTAIN_SECONDS", 120))
    held = set()
    for row in pending:
        remote_id = found.get(row.id)
        if remote_id:
            links.settle(context.company_id, context.provider_name, kind, row.id,
                         remote_id, existing=existing[row.id])  # fmt: skip
            context.record(kind, row.id, label_of(kind, row), "linked",
                           remote_id=remote_id)  # fmt: skip
        elif runs.aware(existing[row.id].pending_since or utcnow()) > utcnow() - window:
            context.record(
                kind, row.id, label_of(kind, row), "skipped",
                status=SyncItem.SKIPPED, code="uncertain_write",
                note="Its last write got no answer a moment ago and may still "
                "arrive; the next sync checks before sending, so it is never "
                "sent twice.",
            )  # fmt: skip
        else:
            continue
        held.add(row.id)
    return [row for row in rows if row.id not in held]


def push_allocations(context):
    """Apply each credit note raised against an invoice to that invoice."""
    company_id, provider = context.company_id, context.provider_name
    query = candidates.allocation_ids(company_id, provider)
    for ids in candidates.id_pages(query, CreditNote, size_of(context)):
        rows = page_of(CreditNote, ids, CreditNote.invoice)
        existing = links.of(company_id, provider, "allocation", ids)
        credits = links.remote_ids(company_id, provider, "credit_note", ids)
        invoices = links.remote_ids(
            company_id, provider, "invoice", {row.invoice_id for row in rows}
        )
        customers = links.remote_ids(
            company_id, provider, "customer", {row.customer_id for row in rows}
        )
        built = [
            (row, payloads.allocation(
                context, row, credits.get(row.id), invoices.get(row.invoice_id),
                customers.get(row.customer_id),
            ))
            for row in rows
            if context.wanted("credit_note", row.id)
            or context.wanted("allocation", row.id)
        ]  # fmt: skip
        send_page(context, "allocation", built, existing,
                  context.provider.allocate_credit_notes, adopt=True)  # fmt: skip
        context.advance("allocation", len(ids))


def push_payments(context):
    company_id, provider = context.company_id, context.provider_name
    query = candidates.payment_ids(company_id, provider)
    bank = bank_code(context)
    for ids in candidates.id_pages(query, Payment, size_of(context)):
        rows = page_of(Payment, ids, Payment.invoice)
        existing = links.of(company_id, provider, "payment", ids)
        invoices = links.remote_ids(
            company_id, provider, "invoice", {row.invoice_id for row in rows}
        )
        customers = links.remote_ids(
            company_id, provider, "customer", {row.invoice.customer_id for row in rows}
        )
        built = [
            (row, payloads.payment(
                context, row, invoices.get(row.invoice_id),
                customers.get(row.invoice.customer_id), bank,
            ))
            for row in rows
            if context.wanted("payment", row.id)
        ]  # fmt: skip
        send_page(context, "payment", built, existing,
                  context.provider.push_payments, adopt=True)  # fmt: skip
        context.advance("payment", len(ids))


def bank_code(context):
    """The bank account payments go to: the chosen nominal code, else the first."""
    chosen = context.options.bank_nominal_code_id
    preferred = None
    if chosen:
        from app.models import NominalCode

        code = db.session.get(NominalCode, chosen)
        preferred = code.code if code is not None else None
    return context.codes.bank_account(preferred)
