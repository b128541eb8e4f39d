"""Push invoices and credit notes: create, update, adopt what already arrived."""

from app.models import CreditNote, SalesInvoice
from app.sync import candidates, links, payloads
from app.sync.push.batch import page_of, send_page, size_of
from app.sync.push.uncertain import adopt_arrived, documents_there


def push_invoices(context):
    push_documents(context, "invoice", SalesInvoice, context.provider.push_invoices)


def push_credit_notes(context):
    push_documents(
        context, "credit_note", CreditNote, context.provider.push_credit_notes
    )


def push_documents(context, kind, model, call):
    company_id, provider = context.company_id, context.provider_key
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
