"""Reading and writing Xero objects, and the per-request lookups the rules use."""

import time
import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from sandbox.storage import sandbox_db
from sandbox.xero.models import XeroOrganisation, XeroRecord
from sandbox.xero.wire import dumps, loads, now, problem

CONTACT = "Contact"
INVOICE = "Invoice"
CREDIT_NOTE = "CreditNote"
PAYMENT = "Payment"
ACCOUNT = "Account"
TAX_RATE = "TaxRate"
ZERO_ID = "00000000-0000-0000-0000-000000000000"
SEED_NAMESPACE = uuid.UUID("6f1c8f62-4d0e-4f55-9a47-5c1e0b0e7d11")


def new_id():
    return str(uuid.uuid4())


def seed_id(*parts):
    """A stable id for seeded objects, the same in every process."""
    return str(uuid.uuid5(SEED_NAMESPACE, "/".join(parts)))


def name_key(name):
    """How Xero compares contact names: trimmed and case-insensitive."""
    return (name or "").strip().casefold()


def is_guid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def record(tenant_id, kind, record_id):
    if not is_guid(record_id):
        return None
    found = sandbox_db.session.get(XeroRecord, str(record_id).lower())
    if found is None or found.tenant_id != tenant_id or found.kind != kind:
        return None
    return found


def records(tenant_id, kind):
    """A select of one tenant's objects of one kind, oldest first."""
    return (
        sa.select(XeroRecord)
        .where(XeroRecord.tenant_id == tenant_id, XeroRecord.kind == kind)
        .order_by(XeroRecord.seq)
    )


def data_of(found):
    return loads(found.data)


def next_seq():
    """Creation order across processes without a table scan."""
    return time.time_ns()


def add(tenant_id, kind, data, record_id=None, **columns):
    """A new object; the caller commits."""
    found = XeroRecord(
        id=record_id or new_id(),
        tenant_id=tenant_id,
        kind=kind,
        seq=next_seq(),
        updated_at=now(),
        data=dumps(data),
        **columns,
    )
    sandbox_db.session.add(found)  # flushed in bulk at commit: batches stay fast
    return found


def commit():
    """Commit a write; a clash with another process's write is a retryable 503."""
    try:
        sandbox_db.session.commit()
    except IntegrityError:
        sandbox_db.session.rollback()
        return problem(503, "Service Unavailable", "A concurrent write clashed; retry.")
    return None


def save(found, data, **columns):
    found.data = dumps(data)
    found.updated_at = now()
    for name, value in columns.items():
        setattr(found, name, value)


class Lookups:
    """One request's view of a tenant: reference data loaded once per request."""

    def __init__(self, tenant_id):
        self.tenant_id = tenant_id
        self.organisation = sandbox_db.session.get(XeroOrganisation, tenant_id)
        self._accounts = None
        self._tax_rates = None
        self._contacts = {}
        self._numbers = {}
        self.marked = set()

    def _load(self, kind):
        rows = sandbox_db.session.scalars(records(self.tenant_id, kind))
        return {row.id: (row, data_of(row)) for row in rows}

    @property
    def accounts(self):
        if self._accounts is None:
            self._accounts = self._load(ACCOUNT)
            for row, data in self._accounts.values():
                data["AccountID"] = row.id
        return self._accounts

    def account_by_code(self, code):
        for _row, data in self.accounts.values():
            if data.get("Code") == code:
                return data
        return None

    def account_by_id(self, account_id):
        entry = self.accounts.get(str(account_id).lower())
        return entry[1] if entry else None

    def tax_rate(self, tax_type):
        if self._tax_rates is None:
            self._tax_rates = {
                data["TaxType"]: data for _row, data in self._load(TAX_RATE).values()
            }
        return self._tax_rates.get(tax_type)

    def contact(self, contact_id):
        key = str(contact_id).lower()
        if key not in self._contacts:
            self._contacts[key] = record(self.tenant_id, CONTACT, contact_id)
        return self._contacts[key]

    def active_contact_named(self, name):
        return sandbox_db.session.scalar(
            records(self.tenant_id, CONTACT).where(
                XeroRecord.name_key == name_key(name), XeroRecord.status == "ACTIVE"
            )
        )

    def contact_by_number(self, number):
        return sandbox_db.session.scalar(
            records(self.tenant_id, CONTACT).where(XeroRecord.number == number)
        )

    def document_by_number(self, kind, number):
        if (kind, number) not in self._numbers:
            self._numbers[kind, number] = sandbox_db.session.scalar(
                records(self.tenant_id, kind).where(XeroRecord.number == number)
            )
        return self._numbers[kind, number]

    def prefetch_numbers(self, kind, numbers):
        """Look a batch's document numbers up in one query."""
        wanted = {str(n).strip() for n in numbers if n} - {
            n for k, n in self._numbers if k == kind
        }
        if not wanted:
            return
        for number in wanted:
            self._numbers[kind, number] = None
        for row in sandbox_db.session.scalars(
            records(self.tenant_id, kind).where(XeroRecord.number.in_(wanted))
        ):
            self._numbers[kind, row.number] = row

    def numbered(self, kind, number, found, old_number=None):
        """Keep the number cache right after a document is saved."""
        if old_number and old_number != number:
            self._numbers[kind, old_number] = None
        if number:
            self._numbers[kind, number] = found

    def lock_dates(self):
        org = self.organisation
        return org.period_lock_date, org.end_of_year_lock_date
