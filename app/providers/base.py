"""The one interface the sync sees: neutral records, payloads, results and errors."""

import hashlib
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from app.providers.connect import Connecting
from app.providers.faults import SIGN_IN_ERRORS, first_fit

PENNY = Decimal("0.01")
ERROR_CODES = (
    "auth_revoked",
    "token_expired",
    "rate_limited",
    "unavailable",
    "timeout",
    "validation",
    "not_found",
    "duplicate",
    "locked_period",
    "unknown",
)


class ProviderError(Exception):
    """A provider call that failed, in our own terms (code) and theirs (message)."""

    def __init__(
        self, code, message="", *, request_id=None, retry_after=None, status=None
    ):
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code if code in ERROR_CODES else "unknown"
        self.message = message
        self.request_id = request_id
        self.retry_after = retry_after
        self.status = status

    def __repr__(self):
        return (
            f"ProviderError({self.code!r}, {self.message!r}, "
            f"status={self.status}, request_id={self.request_id!r})"
        )


class TokenSource(Protocol):
    """Where a client gets its bearer token; the integration half implements it."""

    def access_token(self) -> str:
        """A valid access token, refreshed first when close to expiry."""

    def refresh_after_rejection(self) -> str:
        """A new token after the provider said 401, or ProviderError("auth_revoked")."""


@dataclass(frozen=True)
class Organisation:
    remote_id: str
    name: str
    country: str | None
    currency: str | None
    lock_date: date | None


@dataclass(frozen=True)
class RemoteTaxCode:
    remote_id: str
    name: str
    code: str
    rate: Decimal
    active: bool
    sales: bool = True  # usable on sales documents
    description: str = ""
    purchases: bool = True  # usable on purchase documents


@dataclass(frozen=True)
class RemoteAccount:
    remote_id: str
    code: str
    name: str
    type: str  # revenue, expense, asset, liability, equity or bank
    active: bool


@dataclass(frozen=True)
class RemoteCustomer:
    remote_id: str
    name: str
    email: str | None
    phone: str | None
    account_number: str | None
    active: bool


@dataclass(frozen=True)
class UnreadableRecord:
    """A record the package sent that we cannot read: it fails as one item."""

    kind: str  # the SyncItem kind it would have been, e.g. "customer_pull"
    remote_id: str | None
    label: str
    message: str


@dataclass(frozen=True)
class CustomerPayload:
    local_id: int
    name: str
    email: str | None = None
    phone: str | None = None
    account_number: str | None = None
    remote_id: str | None = None  # set to update the provider's record


@dataclass(frozen=True)
class LinePayload:
    description: str
    quantity: Decimal
    unit_price: Decimal
    nominal_code: str  # the provider's account code (Xero Code, QBO AcctNum)
    tax_code: str  # RemoteTaxCode.remote_id: Xero TaxType, QBO TaxCode Id
    nominal_name: str = ""  # names the QBO service item made for the code


@dataclass(frozen=True)
class DocumentPayload:
    """A sales invoice or credit note; approved False pushes it as a draft."""

    local_id: int
    number: str
    customer_remote_id: str
    date: date
    lines: tuple[LinePayload, ...] = field(default_factory=tuple)
    due_date: date | None = None
    reference: str = ""
    approved: bool = True
    amounts_include_tax: bool = False


@dataclass(frozen=True)
class PaymentPayload:
    local_id: int
    invoice_remote_id: str
    customer_remote_id: str
    amount: Decimal
    date: date
    bank_account_code: str  # the provider's account code of the bank account
    reference: str = ""


@dataclass(frozen=True)
class AllocationPayload:
    local_id: int
    credit_note_remote_id: str
    invoice_remote_id: str
    customer_remote_id: str
    amount: Decimal
    date: date


@dataclass(frozen=True)
class RemoteRecord:
    """One of ours already in the package: an invoice or credit note voided here
    after it went, a payment deleted here after it went."""

    local_id: int
    remote_id: str
    allocation_id: str | None = None  # a credit note's allocation there, if it went


@dataclass(frozen=True)
class PushResult:
    local_id: int
    remote_id: str | None
    ok: bool
    error: ProviderError | None = None
    url: str | None = None

    @classmethod
    def failed(cls, local_id, error):
        return cls(local_id, None, False, error)


class AccountsProvider(Connecting, ABC):
    """What the sync needs from an accounts package; writes keep input order.

    The class attributes are what differs between packages, so the sync can ask
    instead of naming one; connecting's are in app/providers/connect.py."""

    name = ""  # our key for the package, stored on connections and runs
    label = ""  # its name as people know it
    batch_size = 30  # records per write call
    minute_limit = 0  # calls (or weighted items) a minute it allows; 0: no pacing
    # Invoices can go as drafts (a sync option), and a draft takes no payments or
    # credit until someone approves it in the package.
    sends_drafts = False
    # The package's failures in the catalogue's codes: its faults.py tables.
    any_faults = sign_in_faults = record_faults = ()
    also_reports = ()  # catalogue codes its behaviour leads to without a reply

    @classmethod
    def fault(cls, error_code, message):
        """The catalogue code this package's failure (our ProviderError code and
        its words) means, or None when its words name nothing we know."""
        table = (
            cls.sign_in_faults if error_code in SIGN_IN_ERRORS else cls.record_faults
        )
        return first_fit((*cls.any_faults, *table), message)

    @classmethod
    def reports(cls):
        """The catalogue codes only some packages give, that this one can."""
        tables = (cls.any_faults, cls.sign_in_faults, cls.record_faults)
        return {code for table in tables for code, _ in table} | set(cls.also_reports)

    @abstractmethod
    def organisation(self) -> Organisation: ...

    @abstractmethod
    def tax_codes(self) -> list[RemoteTaxCode]: ...

    @abstractmethod
    def nominal_codes(self) -> list[RemoteAccount]: ...

    @abstractmethod
    def customers(
        self, include_archived=False
    ) -> Iterator[RemoteCustomer | UnreadableRecord]: ...

    @abstractmethod
    def push_customers(self, customers) -> list[PushResult]: ...

    @abstractmethod
    def push_invoices(self, invoices) -> list[PushResult]: ...

    @abstractmethod
    def push_credit_notes(self, credit_notes) -> list[PushResult]: ...

    @abstractmethod
    def allocate_credit_notes(self, allocations) -> list[PushResult]: ...

    @abstractmethod
    def push_payments(self, payments) -> list[PushResult]: ...

    @abstractmethod
    def void_invoices(self, invoices) -> list[PushResult]:
        """Void (or, where the package keeps it as a draft, delete) these invoices;
        one already void or gone there counts as done."""

    @abstractmethod
    def void_credit_notes(self, credit_notes) -> list[PushResult]:
        """Take back our allocation of each credit note, then void it (delete it
        where the package cannot void one); one already void or gone is done."""

    @abstractmethod
    def delete_payments(self, payments) -> list[PushResult]:
        """Delete these payments there; one already deleted or gone is done."""

    @abstractmethod
    def find_documents(self, kind, numbers) -> dict[str, str]:
        """{number: remote id} of the invoices or credit notes already there."""

    @abstractmethod
    def find_applied(self, kind, records) -> dict[int, list[str]]:
        """Payments or allocations (kind "payment" or "allocation") that may have
        arrived already: {local id: remote ids of the package's records with the
        same document, amount and date}. They carry no number of ours, so this is
        the only way to recognise one whose reply was lost."""


def content_key(method, path, data):
    """An idempotency key derived from what is sent: a resent batch is recognised."""
    digest = hashlib.sha256(f"{method} {path}\n".encode() + data.encode()).digest()
    return str(uuid.UUID(bytes=digest[:16]))


def same_amount(value, amount):
    """A package's amount (number or text) equals ours, to the penny."""
    try:
        return Decimal(str(value)).quantize(PENNY) == Decimal(amount).quantize(PENNY)
    except ArithmeticError:
        return False


def chunks(items, size):
    """Consecutive slices of at most size items."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
