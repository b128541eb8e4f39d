"""Push money: credit allocations against invoices, then payments."""

from app.extensions import db
from app.models import CreditNote, Payment
from app.sync import candidates, links, payloads
from app.sync.push.batch import page_of, send_page, size_of
from app.sync.push.uncertain import adopt_ready


def push_allocations(context):
    """Apply each credit note raised against an invoice to that invoice."""
    company_id, provider = context.company_id, context.provider_key
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
        send_page(
            context, "allocation", built, existing,
            context.provider.allocate_credit_notes, adopt=adopt_ready,
        )  # fmt: skip
        context.advance("allocation", len(ids))


def push_payments(context):
    company_id, provider = context.company_id, context.provider_key
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
                  context.provider.push_payments, adopt=adopt_ready)  # fmt: skip
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
