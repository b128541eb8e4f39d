"""What a push would send: approved documents not yet in the package, as queries."""

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    CreditNote,
    Customer,
    ExternalLink,
    Payment,
    SalesInvoice,
    SyncExclusion,
)

MODELS = {
    "customer": Customer,
    "invoice": SalesInvoice,
    "credit_note": CreditNote,
    "allocation": CreditNote,
    "payment": Payment,
}


def linked(company_id, provider, kind, column, state=ExternalLink.LINKED):
    """A clause: this record has a settled link of this kind."""
    return sa.exists().where(
        ExternalLink.company_id == company_id,
        ExternalLink.provider == provider,
        ExternalLink.kind == kind,
        ExternalLink.local_id == column,
        ExternalLink.state == state,
    )


def excluded(company_id, kind, column):
    return sa.exists().where(
        SyncExclusion.company_id == company_id,
        SyncExclusion.kind == kind,
        SyncExclusion.local_id == column,
    )


def document_ids(company_id, provider, kind):
    """Approved invoices or credit notes to create, oldest first."""
    model = MODELS[kind]
    return (
        sa.select(model.id)
        .where(
            model.company_id == company_id,
            model.status == model.APPROVED,
            ~linked(company_id, provider, kind, model.id),
            ~excluded(company_id, kind, model.id),
        )
        .order_by(model.id)
    )


def void_ids(company_id, provider, kind):
    """Invoices or credit notes voided here after they went: the package's copy
    still counts."""
    model = MODELS[kind]
    return (
        sa.select(model.id)
        .where(
            model.company_id == company_id,
            model.status == model.VOID,
            linked(company_id, provider, kind, model.id),
            ~excluded(company_id, kind, model.id),
        )
        .order_by(model.id)
    )


def deleted_payment_links(company_id, provider):
    """Links of payments deleted here after they went: the package still has them.
    (Payment ids are never reused, so a link outliving its payment is one of these.)"""
    return (
        sa.select(ExternalLink.id)
        .where(
            ExternalLink.company_id == company_id,
            ExternalLink.provider == provider,
            ExternalLink.kind == "payment",
            ExternalLink.state == ExternalLink.LINKED,
            ~sa.exists().where(Payment.id == ExternalLink.local_id),
            ~excluded(company_id, "payment", ExternalLink.local_id),
        )
        .order_by(ExternalLink.id)
    )


def allocation_ids(company_id, provider):
    """Credit notes raised against an invoice whose credit is not yet applied there."""
    return (
        sa.select(CreditNote.id)
        .where(
            CreditNote.company_id == company_id,
            CreditNote.status == CreditNote.APPROVED,
            CreditNote.invoice_id.is_not(None),
            ~linked(company_id, provider, "allocation", CreditNote.id),
            ~excluded(company_id, "credit_note", CreditNote.id),
        )
        .order_by(CreditNote.id)
    )


def payment_ids(company_id, provider):
    return (
        sa.select(Payment.id)
        .join(SalesInvoice, SalesInvoice.id == Payment.invoice_id)
        .where(
            Payment.company_id == company_id,
            SalesInvoice.status == SalesInvoice.APPROVED,
            ~linked(company_id, provider, "payment", Payment.id),
            ~excluded(company_id, "payment", Payment.id),
            ~excluded(company_id, "invoice", SalesInvoice.id),
        )
        .order_by(Payment.id)
    )


def customer_ids(company_id, provider, kinds):
    """Customers the documents being pushed need, and linked ones changed since."""
    needed = []
    if "invoice" in kinds or "payment" in kinds:
        needed.append(
            sa.select(SalesInvoice.customer_id).where(
                SalesInvoice.id.in_(document_ids(company_id, provider, "invoice"))
            )
        )
    if "credit_note" in kinds:
        needed.append(
            sa.select(CreditNote.customer_id).where(
                CreditNote.id.in_(document_ids(company_id, provider, "credit_note"))
            )
        )
    changed = (
        sa.select(Customer.id)
        .join(
            ExternalLink,
            sa.and_(
                ExternalLink.company_id == company_id,
                ExternalLink.provider == provider,
                ExternalLink.kind == "customer",
                ExternalLink.local_id == Customer.id,
                ExternalLink.state == ExternalLink.LINKED,
            ),
        )
        .where(Customer.company_id == company_id)
        .where(Customer.updated_at > ExternalLink.synced_at)
    )
    wanted = sa.or_(
        *(
            sa.and_(
                Customer.id.in_(query),
                ~linked(company_id, provider, "customer", Customer.id),
            )
            for query in needed
        ),
        Customer.id.in_(changed),
    )
    return (
        sa.select(Customer.id)
        .where(Customer.company_id == company_id, wanted)
        .where(~excluded(company_id, "customer", Customer.id))
        .order_by(Customer.id)
    )


def count(query):
    return sa.select(sa.func.count()).select_from(query.order_by(None).subquery())


def id_pages(query, model, size):
    """Lists of at most size ids, by id; rows already done drop out of the query."""
    last = 0
    while True:
        ids = list(db.session.scalars(query.where(model.id > last).limit(size)))
        if not ids:
            return
        last = ids[-1]
        yield ids
