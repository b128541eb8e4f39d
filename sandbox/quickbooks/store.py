"""Reading and writing QBO entities: JSON bodies with the envelope QBO adds."""

import json
from datetime import UTC
from decimal import Decimal

import sqlalchemy as sa
from flask import g

from sandbox.quickbooks.envelopes import qbo_time
from sandbox.quickbooks.models import QboCompany, QboEntity
from sandbox.storage import sandbox_db, utcnow

# URL resource name -> entity name (URIs are case-sensitive, lower case).
RESOURCES = {
    "invoice": "Invoice",
    "creditmemo": "CreditMemo",
    "payment": "Payment",
    "customer": "Customer",
    "item": "Item",
    "account": "Account",
    "taxcode": "TaxCode",
    "taxrate": "TaxRate",
}
TRANSACTIONS = ("Invoice", "CreditMemo", "Payment")
SALES_FORMS = ("Invoice", "CreditMemo")
NAME_LISTS = ("Customer", "Item", "Account", "TaxCode", "TaxRate")
# Customers share one name space with vendors and employees; items and accounts
# each have their own.
NAME_GROUPS = {"Customer": "name", "Item": "item", "Account": "account"}
GBP = {"value": "GBP", "name": "British Pound Sterling"}
CENT = Decimal("0.01")


def aware(moment):
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def money(value):
    """A JSON number for an amount, as QBO writes them (275.0, 12.5)."""
    value = Decimal(value).quantize(CENT)
    return int(value) if value == value.to_integral() else float(value)


def name_key(kind, name):
    group = NAME_GROUPS.get(kind)
    if not group or name is None:
        return None
    # Case does not make a name new; inner spacing does (a known trap).
    return f"{group}:{name.strip().lower()}"


def body(row):
    return json.loads(row.data)


def company(realm_id):
    """The realm's company, read once per request (every write checks its settings)."""
    cache = g.setdefault("qbo_companies", {})
    if realm_id not in cache:
        cache[realm_id] = sandbox_db.session.scalar(
            sa.select(QboCompany).where(QboCompany.realm_id == realm_id)
        )
    return cache[realm_id]


def get(realm_id, kind, entity_id):
    """The live (not deleted) entity of this kind and realm, or None."""
    try:
        pk = int(str(entity_id))
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:  # no row has it, and the database's integer can't hold it
        return None
    row = sandbox_db.session.get(QboEntity, pk)
    if row is not None:
        # The session's identity map holds rows weakly; a batch reads the same
        # customer, item and tax code thirty times, so keep them for the request.
        g.setdefault("qbo_rows", {})[pk] = row
    if row is None or row.realm_id != realm_id or row.kind != kind:
        return None
    return None if row.status == "Deleted" else row


def rows(realm_id, kind):
    return sandbox_db.session.scalars(
        sa.select(QboEntity)
        .where(
            QboEntity.realm_id == realm_id,
            QboEntity.kind == kind,
            QboEntity.status != "Deleted",
        )
        .order_by(QboEntity.id)
    ).all()


def add(realm_id, kind, data, **columns):
    """Insert a new entity (flushes, so the Id is known)."""
    row = QboEntity(realm_id=realm_id, kind=kind, data=json.dumps(data), **columns)
    sandbox_db.session.add(row)
    sandbox_db.session.flush()
    return row


def save(row, data, bump=True):
    row.data = json.dumps(data)
    if bump:
        row.sync_token += 1
        row.updated_at = utcnow()


def customer_balances(realm_id, customer_ids):
    """Open balance per customer: invoices less credits and unapplied cash."""
    if not customer_ids:
        return {}
    sign = sa.case((QboEntity.kind == "Invoice", 1), else_=-1)
    query = (
        sa.select(
            QboEntity.customer_id,
            sa.func.sum(sign * (QboEntity.total - QboEntity.applied)),
        )
        .where(
            QboEntity.realm_id == realm_id,
            QboEntity.kind.in_(TRANSACTIONS),
            QboEntity.status != "Deleted",
            QboEntity.customer_id.in_(customer_ids),
        )
        .group_by(QboEntity.customer_id)
    )
    return {
        cid: Decimal(total or 0) for cid, total in sandbox_db.session.execute(query)
    }


def to_json(row, balances=None):
    """The entity as the API returns it."""
    if row.status == "Deleted":
        return {"domain": "QBO", "status": "Deleted", "Id": str(row.id)}
    out = {
        "domain": "QBO",
        "sparse": False,
        "Id": str(row.id),
        "SyncToken": str(row.sync_token),
        "MetaData": {
            "CreateTime": qbo_time(aware(row.created_at)),
            "LastUpdatedTime": qbo_time(aware(row.updated_at)),
        },
    }
    out.update(body(row))
    open_amount = Decimal(row.total or 0) - Decimal(row.applied or 0)
    if row.kind in SALES_FORMS:
        out["Balance"] = money(open_amount)
        if row.kind == "CreditMemo":
            out["RemainingCredit"] = money(open_amount)
    elif row.kind == "Payment":
        out["UnappliedAmt"] = money(open_amount)
    elif row.kind == "Customer":
        if balances is None:
            balances = customer_balances(row.realm_id, [row.id])
        balance = money(balances.get(row.id, 0))
        out["Balance"] = balance
        out["BalanceWithJobs"] = balance
    return out


def many_to_json(realm_id, found):
    """Several entities, with customer balances in one query."""
    customers = [row.id for row in found if row.kind == "Customer"]
    balances = customer_balances(realm_id, customers) if customers else None
    return [to_json(row, balances) for row in found]
