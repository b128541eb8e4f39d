"""What an export reads: the filtered records a page at a time, by keyset.

Each page is a few hundred documents read as plain rows (no ORM objects, nothing
kept in the session), so memory stays flat however many rows the export has. Pages
follow the primary key (the order records were entered): a keyset on the issue date
would need an index the document tables do not have, and scans every page.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    CreditNote,
    CreditNoteLine,
    Customer,
    Payment,
    PurchaseInvoice,
    PurchaseInvoiceLine,
    SalesInvoice,
    SalesInvoiceLine,
    Supplier,
)

BATCH = 500
DOCUMENTS = {
    "sales_invoices": (SalesInvoice, SalesInvoiceLine, "invoice_id", Customer),
    "credit_notes": (CreditNote, CreditNoteLine, "credit_note_id", Customer),
    "purchase_invoices": (
        PurchaseInvoice,
        PurchaseInvoiceLine,
        "purchase_invoice_id",
        Supplier,
    ),
}
CONTACTS = {"customers": Customer, "suppliers": Supplier}


@dataclass
class Doc:
    head: object
    lines: list


def party_columns(party):
    return (
        party.name.label("party_name"),
        party.email.label("party_email"),
        party.address_line1.label("party_line1"),
        party.address_line2.label("party_line2"),
        party.city.label("party_city"),
        party.postcode.label("party_postcode"),
        party.country.label("party_country"),
        party.account_number.label("party_account"),
    )


def day(filters, name):
    value = filters.get(name)
    return date.fromisoformat(value) if value else None


def dated(query, column, filters):
    if day(filters, "date_from"):
        query = query.where(column >= day(filters, "date_from"))
    if day(filters, "date_to"):
        query = query.where(column <= day(filters, "date_to"))
    return query


def party_id(kind, filters):
    key = "supplier_id" if kind in ("purchase_invoices", "suppliers") else "customer_id"
    return filters.get(key)


def document_query(company_id, kind, filters):
    """The documents' header rows, filtered."""
    model, _line, _fk, party = DOCUMENTS[kind]
    credited = sa.orm.aliased(SalesInvoice)
    columns = [
        model.id, model.number, model.issue_date, model.reference, model.status,
        model.net_total, model.tax_total, model.total, *party_columns(party),
    ]  # fmt: skip
    if kind == "credit_notes":
        columns += [sa.null().label("due_date"), credited.number.label("credited")]
    else:
        columns += [model.due_date, sa.null().label("credited")]
    query = sa.select(*columns).join(party, party.id == getattr(model, party_key(kind)))
    if kind == "credit_notes":
        query = query.outerjoin(credited, credited.id == model.invoice_id)
    query = dated(
        query.where(model.company_id == company_id), model.issue_date, filters
    )
    status = filters.get("status") or "all"
    if status != "all":
        query = query.where(model.status == status)
    if party_id(kind, filters):
        query = query.where(getattr(model, party_key(kind)) == party_id(kind, filters))
    return query, model


def party_key(kind):
    return "supplier_id" if kind == "purchase_invoices" else "customer_id"


def document_batches(company_id, kind, filters, size=BATCH):
    """Lists of Doc, `size` documents at a time, each with its lines in order."""
    query, model = document_query(company_id, kind, filters)
    _model, line_model, fk, _party = DOCUMENTS[kind]
    fk = getattr(line_model, fk)
    after = 0
    while True:
        page = query.where(model.id > after).order_by(model.id).limit(size)
        heads = db.session.execute(page).all()
        if not heads:
            return
        lines = {head.id: [] for head in heads}
        rows = db.session.execute(
            sa.select(
                fk.label("doc_id"), line_model.position, line_model.description,
                line_model.quantity, line_model.unit_price, line_model.net_amount,
                line_model.tax_amount, line_model.nominal_code_id,
                line_model.tax_code_id,
            )
            .where(fk.in_(list(lines)))
            .order_by(fk, line_model.position, line_model.id)
        )  # fmt: skip
        for row in rows:
            lines[row.doc_id].append(row)
        yield [Doc(head, lines[head.id]) for head in heads]
        after = heads[-1].id


def payment_query(company_id, filters):
    query = (
        sa.select(
            Payment.id, Payment.payment_date, Payment.amount, Payment.method,
            Payment.reference, SalesInvoice.number.label("invoice_number"),
            *party_columns(Customer),
        )
        .join(SalesInvoice, SalesInvoice.id == Payment.invoice_id)
        .join(Customer, Customer.id == SalesInvoice.customer_id)
        .where(Payment.company_id == company_id)
    )  # fmt: skip
    query = dated(query, Payment.payment_date, filters)
    if filters.get("customer_id"):
        query = query.where(SalesInvoice.customer_id == filters["customer_id"])
    return query


def payment_batches(company_id, filters, size=BATCH):
    after = 0
    while True:
        page = payment_query(company_id, filters).where(Payment.id > after)
        rows = db.session.execute(page.order_by(Payment.id).limit(size)).all()
        if not rows:
            return
        yield rows
        after = rows[-1].id


def contact_query(company_id, kind, filters):
    model = CONTACTS[kind]
    query = sa.select(model).where(model.company_id == company_id)
    status = filters.get("status") or "all"
    if status != "all":
        query = query.where(model.active.is_(status == "active"))
    if party_id(kind, filters):
        query = query.where(model.id == party_id(kind, filters))
    return query, model


def contact_batches(company_id, kind, filters, size=BATCH):
    query, model = contact_query(company_id, kind, filters)
    columns = [column for column in model.__table__.columns]
    query = query.with_only_columns(*columns)
    after = 0
    while True:
        rows = db.session.execute(
            query.where(model.id > after).order_by(model.id).limit(size)
        ).all()
        if not rows:
            return
        yield rows
        after = rows[-1].id


def batches(company_id, kind, filters):
    """The export's records a page at a time, whatever the kind."""
    if kind in DOCUMENTS:
        return document_batches(company_id, kind, filters)
    if kind == "payments":
        return payment_batches(company_id, filters)
    return contact_batches(company_id, kind, filters)


def count(company_id, kind, filters):
    """How many CSV rows the export will have (lines, for documents)."""
    if kind in DOCUMENTS:
        query, model = document_query(company_id, kind, filters)
        _model, line_model, fk, _party = DOCUMENTS[kind]
        ids = query.with_only_columns(model.id).subquery()
        counted = sa.select(sa.func.count()).where(
            getattr(line_model, fk).in_(sa.select(ids.c.id))
        )
        return db.session.scalar(counted.select_from(line_model))
    if kind == "payments":
        query = payment_query(company_id, filters)
    else:
        query = contact_query(company_id, kind, filters)[0]
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
