"""Create, update (full or sparse), delete and void: one entity per call."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from sandbox.quickbooks import names, payments, sales, store
from sandbox.quickbooks.envelopes import (
    business,
    duplicate_doc,
    not_found,
    period_closed,
    required,
    stale,
    unsupported,
)
from sandbox.quickbooks.fields import writable
from sandbox.quickbooks.models import QboEntity
from sandbox.storage import sandbox_db

OPERATIONS = ("create", "update", "delete", "void")


def perform(realm_id, kind, operation, payload):
    """Run one write and commit it; returns the entity JSON or raises QboError."""
    try:
        result = dispatch(realm_id, kind, operation, payload)
        sandbox_db.session.commit()
        return result
    except IntegrityError:
        sandbox_db.session.rollback()
        # A concurrent writer took the number or name between check and insert.
        raise taken(realm_id, kind, payload) from None
    except Exception:
        sandbox_db.session.rollback()
        raise


def dispatch(realm_id, kind, operation, payload):
    if kind in ("TaxCode", "TaxRate"):
        raise unsupported(f"Operation {operation or 'create'} is not supported.")
    if operation not in (None, *OPERATIONS):
        raise unsupported(f"Operation {operation} is not supported.")
    if not isinstance(payload, dict):
        payload = {}
    entity_id = payload.get("Id")
    if operation in ("delete", "void"):
        if kind not in store.TRANSACTIONS:
            raise unsupported(f"Operation {operation} is not supported.")
        return remove(realm_id, kind, operation, current(realm_id, kind, payload))
    data = writable(kind, payload)
    if entity_id in (None, "") and operation != "update":
        return create(realm_id, kind, data)
    row = current(realm_id, kind, payload)
    if payload.get("sparse") is True:
        data = {**store.body(row), **data}
    return update(realm_id, kind, row, data)


def current(realm_id, kind, payload):
    """The entity an update names, at the SyncToken the client last saw."""
    if payload.get("Id") in (None, ""):
        raise required("Id")
    row = store.get(realm_id, kind, payload["Id"])
    if row is None:
        raise not_found("Id")
    token = payload.get("SyncToken")
    if token in (None, ""):
        raise required("SyncToken")
    if str(token) != str(row.sync_token):
        raise stale()
    return row


def check_period(realm_id, *txn_dates):
    """6210 for a transaction dated on or before the books' closing date."""
    closed = store.company(realm_id).book_close_date
    for value in txn_dates:
        if closed and value and date.fromisoformat(value) <= closed:
            raise period_closed()


def build(realm_id, kind, data, row):
    links = []
    if kind in store.SALES_FORMS:
        body, columns = sales.build(realm_id, kind, data, row)
        check_doc_number(realm_id, body["DocNumber"], row)
    elif kind == "Payment":
        body, columns, links = payments.build(realm_id, data, row)
    else:
        body, columns = names.build(realm_id, kind, data, row)
    if kind in store.TRANSACTIONS:
        check_period(realm_id, body["TxnDate"])
    return body, columns, links


def create(realm_id, kind, data):
    body, columns, links = build(realm_id, kind, data, None)
    row = store.add(realm_id, kind, body, **columns)
    payments.apply(row, links)
    return store.to_json(row)


def update(realm_id, kind, row, data):
    old = store.body(row)
    if kind in store.TRANSACTIONS:
        check_period(realm_id, old.get("TxnDate"))
    if kind == "Payment":
        payments.unapply(realm_id, row)
    body, columns, links = build(realm_id, kind, data, row)
    for name, value in columns.items():
        setattr(row, name, value)
    store.save(row, body)
    sandbox_db.session.flush()
    payments.apply(row, links)
    return store.to_json(row)


def remove(realm_id, kind, operation, row):
    """Delete or void a transaction; documents with money applied are refused."""
    body = store.body(row)
    check_period(realm_id, body.get("TxnDate"))
    if kind in store.SALES_FORMS and Decimal(row.applied or 0) != 0:
        raise business(
            "This transaction has payments or credits applied. Remove them first."
        )
    if kind == "Payment":
        payments.unapply(realm_id, row)
    if operation == "delete":
        row.status = "Deleted"
        row.doc_key = None
        row.total = row.applied = Decimal(0)
        store.save(row, body)
        return store.to_json(row)
    row.status = "Voided"
    row.total = row.applied = Decimal(0)
    for line in body.get("Line", []):
        if "Amount" in line:
            line["Amount"] = 0
    body["TotalAmt"] = 0
    body["TxnTaxDetail"] = {"TotalTax": 0}
    body["PrivateNote"] = "Voided"
    store.save(row, body)
    return store.to_json(row)


def check_doc_number(realm_id, number, row):
    """6140 when another invoice or credit memo already has this number."""
    other = sandbox_db.session.scalar(
        sa.select(QboEntity).where(
            QboEntity.realm_id == realm_id, QboEntity.doc_key == str(number)
        )
    )
    if other is not None and (row is None or other.id != row.id):
        raise duplicate_doc(number, other.kind, other.id)


def taken(realm_id, kind, payload):
    """The 6140 or 6240 a lost insert race deserves."""
    if kind in store.SALES_FORMS:
        number = payload.get("DocNumber")
        other = sandbox_db.session.scalar(
            sa.select(QboEntity).where(
                QboEntity.realm_id == realm_id, QboEntity.doc_key == str(number)
            )
        )
        if other is not None:
            return duplicate_doc(number, other.kind, other.id)
    return names.duplicate(kind if kind in names.DUPLICATE_DETAILS else "Customer")
