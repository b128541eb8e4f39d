"""The preflight: every record a run would touch through the run's own checks,
sending nothing, so the modal says what will fail and what waits on it."""

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import CreditNote, Customer, Payment, SalesInvoice
from app.models.sync import SyncItem, SyncRun
from app.sync import candidates, catalogue, codes, links, payloads, pull

PAGE = 500  # records checked per query
PENDING = "pending"  # a remote id the run will have by then
# Codes the preflight checks afresh; a repeat of any other refusal is flagged while
# the record is unchanged since the run that met it.
RECHECKED = {
    "customer_archived",
    "nominal_code_unknown",
    "tax_code_unknown",
    "no_lines",
    "before_lock_date",
    "duplicate_document_number",
    "invoice_not_approved",
}
DOCUMENTS = (("invoice", SalesInvoice), ("credit_note", CreditNote))


def check(plan, context, kinds, block, fix_for):
    """Fill plan's failures (block) and skips, in the order the run works."""
    repeats = last_refusals(context)
    ready = {"customer": set()}
    if kinds:
        ready["customer"] = check_customers(plan, context, kinds, block, repeats)
    for kind, model in DOCUMENTS:
        if kind in kinds:
            ready[kind] = check_documents(
                plan, context, kind, model, block, fix_for, repeats, ready
            )
    if "allocation" in kinds:
        check_allocations(plan, context, block, ready)
    if "payment" in kinds:
        check_payments(plan, context, block, ready)


def skip(plan, context, kind, local_id):
    plan.skip_count += 1
    if kind in context.failed:
        context.failed[kind].add(local_id)


def last_refusals(context):
    """{(kind, id): item} of the last ended run's refusals a person must fix."""
    run = db.session.scalar(
        SyncRun.for_company(context.company_id)
        .where(
            SyncRun.provider == context.provider_key,
            SyncRun.status.in_((SyncRun.SUCCEEDED, SyncRun.WITH_ERRORS)),
        )
        .order_by(SyncRun.id.desc())
        .limit(1)
    )
    if run is None:
        return {}
    items = db.session.scalars(
        sa.select(SyncItem).where(
            SyncItem.run_id == run.id, SyncItem.status == SyncItem.FAILED
        )
    )
    since = run.started_at or run.created_at
    return {
        (item.kind, item.local_id): (item, since)
        for item in items
        if item.error_code not in RECHECKED
        and catalogue.entry(item.error_code).handling == "person"
    }


def repeat(repeats, kind, row, provider_name):
    """The Problem of a refusal met last run by this row, unchanged since."""
    found = repeats.get((kind, row.id))
    if found is None:
        return None
    item, since = found
    changed = getattr(row, "updated_at", None)
    if changed is not None and aware(changed) > aware(since):
        return None
    said = f": “{item.provider_message[:200]}”" if item.provider_message else ""
    return payloads.Problem(
        item.error_code or catalogue.GENERAL,
        f"{provider_name} refused it in the last sync{said}, and it has not "
        "changed since.",
    )


def refused_rate(context, row, provider_name):
    """A Problem for a purchase-only tax rate on a sales document, which the package
    refuses; None when every line's rate may go on sales."""
    refused = codes.refused_rate(context.codes, row)
    if refused is None:
        return None
    return payloads.Problem(
        "tax_code_invalid",
        f"Tax code {refused.label} is for purchases only in {provider_name}, "
        "which refuses it on sales.",
    )


def aware(moment):
    from app.sync.runs import aware as as_utc

    return as_utc(moment)


def check_customers(plan, context, kinds, block, repeats):
    """Check each customer the run would send; returns the ids that will go."""
    going = set()
    query = candidates.customer_ids(context.company_id, context.provider_key, kinds)
    for ids in candidates.id_pages(query, Customer, PAGE):
        for row in db.session.scalars(sa.select(Customer).where(Customer.id.in_(ids))):
            match = pull.best_match(context.remote_customers, row.name, row.email)
            problem = None
            if match is not None and not match.active:
                problem = payloads.Problem(
                    "customer_archived",
                    f"{row.name} is archived in {plan.provider_name}.",
                )
            problem = problem or repeat(repeats, "customer", row, plan.provider_name)
            if problem is not None:
                context.failed["customer"].add(row.id)
                fix = url_for("customers.edit", customer_id=row.id), "Fix: the customer"
                block(plan, "customer", row, problem, fix)
            else:
                going.add(row.id)
    return going


def check_documents(plan, context, kind, model, block, fix_for, repeats, ready):
    """Check each document; returns the ids that will go."""
    company_id, provider = context.company_id, context.provider_key
    going = set()
    query = candidates.document_ids(company_id, provider, kind)
    for ids in candidates.id_pages(query, model, PAGE):
        rows = db.session.scalars(
            sa.select(model).where(model.id.in_(ids)).options(selectinload(model.lines))
        ).all()
        existing = links.of(company_id, provider, kind, ids)
        customers = remote_or_pending(
            context, "customer", {row.customer_id for row in rows}, ready
        )
        fresh = []
        for row in rows:
            remote = customers.get(row.customer_id)
            problem = payloads.document(context, row, kind, remote)
            if not isinstance(problem, payloads.Problem):
                problem = refused_rate(context, row, plan.provider_name)
            if isinstance(problem, payloads.Problem) and problem.skipped:
                skip(plan, context, kind, row.id)
                continue
            if not isinstance(problem, payloads.Problem):
                problem = repeat(repeats, kind, row, plan.provider_name)
            if problem is not None:
                context.failed[kind].add(row.id)
                block(plan, kind, row, problem, fix_for(problem, kind, row))
                continue
            if row.id not in existing:
                fresh.append(row)
            going.add(row.id)
        # A number the package holds already is refused; one whose last write
        # went unanswered is looked up by the run instead, and linked.
        there = context.provider.find_documents(kind, [r.number for r in fresh])
        for row in fresh:
            if row.number in there:
                going.discard(row.id)
                context.failed[kind].add(row.id)
                problem = payloads.Problem(
                    "duplicate_document_number",
                    f"{plan.provider_name} already has {row.number}: another "
                    f"{'invoice' if kind == 'invoice' else 'credit note'} there "
                    "has this number.",
                )
                block(plan, kind, row, problem, fix_for(problem, kind, row))
    return going


def remote_or_pending(context, kind, ids, ready):
    """{id: remote id} of linked records, PENDING for those the run will send."""
    found = links.remote_ids(context.company_id, context.provider_key, kind, ids)
    for local_id in ids:
        if local_id not in found and local_id in ready.get(kind, ()):
            found[local_id] = PENDING
    return found


def check_allocations(plan, context, block, ready):
    query = candidates.allocation_ids(context.company_id, context.provider_key)
    for ids in candidates.id_pages(query, CreditNote, PAGE):
        rows = db.session.scalars(
            sa.select(CreditNote).where(CreditNote.id.in_(ids))
        ).all()
        notes = remote_or_pending(context, "credit_note", ids, ready)
        invoices = remote_or_pending(
            context, "invoice", {row.invoice_id for row in rows}, ready
        )
        for row in rows:
            problem = payloads.allocation(
                context, row, notes.get(row.id), invoices.get(row.invoice_id), PENDING
            )
            settle(plan, context, "allocation", row, problem, block)


def check_payments(plan, context, block, ready):
    from app.sync.push.payments import bank_code

    bank = bank_code(context)
    query = candidates.payment_ids(context.company_id, context.provider_key)
    for ids in candidates.id_pages(query, Payment, PAGE):
        rows = db.session.scalars(
            sa.select(Payment)
            .where(Payment.id.in_(ids))
            .options(selectinload(Payment.invoice))
        ).all()
        invoices = remote_or_pending(
            context, "invoice", {row.invoice_id for row in rows}, ready
        )
        for row in rows:
            problem = payloads.payment(
                context, row, invoices.get(row.invoice_id), PENDING, bank
            )
            settle(plan, context, "payment", row, problem, block)


def settle(plan, context, kind, row, problem, block):
    """Count a payment's or allocation's problem: skipped, or a failure."""
    if not isinstance(problem, payloads.Problem):
        return
    if problem.skipped:
        skip(plan, context, kind, row.id)
        return
    fix = url_for("integrations.index", _anchor="sync-options"), "Fix: sync options"
    block(plan, kind, row, problem, fix)
