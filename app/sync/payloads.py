"""Our records as the neutral payloads providers take, or the reason they cannot be."""

import hashlib
from dataclasses import dataclass

from app.document_limits import MAX_LINES
from app.extensions import db
from app.models import NominalCode
from app.providers.base import (
    AllocationPayload,
    CustomerPayload,
    DocumentPayload,
    LinePayload,
    PaymentPayload,
)
from app.providers.registry import CLIENTS
from app.sync.context import NOT_READ


@dataclass(frozen=True)
class Problem:
    """Why a record cannot go: a catalogue code, our words, skipped or failed."""

    code: str
    message: str
    skipped: bool = False


def digest(payload):
    """The content hash kept on the link: what exactly we last sent."""
    return hashlib.sha256(repr(payload).encode()).hexdigest()


def customer(row, remote_id=None):
    return CustomerPayload(
        local_id=row.id,
        name=" ".join(row.name.split()),  # both packages trip on stray spaces
        email=row.email or None,
        phone=row.phone or None,
        account_number=row.account_number or None,
        remote_id=remote_id,
    )


def customer_problem(context, customer_id, customer_remote):
    if customer_id in context.failed["customer"]:
        return Problem(
            "dependency_failed", "Its customer was not sent in this run.", True
        )
    if customer_remote is None:
        return Problem(
            "customer_not_synced", "Its customer is not in the package yet.", True
        )
    return None


def document(context, row, kind, customer_remote):
    """A DocumentPayload, or the Problem that stops this invoice or credit note."""
    problem = customer_problem(context, row.customer_id, customer_remote)
    if problem:
        return problem
    if not row.lines:
        return Problem("no_lines", f"{row.number} has no lines.")
    if len(row.lines) > MAX_LINES:
        return Problem(
            "too_many_lines",
            f"{row.number} has {len(row.lines)} lines; a document can have at most "
            f"{MAX_LINES}.",
        )
    lock = context.connection.lock_date
    if lock is not None and row.issue_date <= lock:
        return Problem(
            "before_lock_date",
            f"{row.number} is dated {row.issue_date:%d/%m/%Y}, on or before the "
            f"lock date {lock:%d/%m/%Y} in {context.provider_label}.",
        )
    lines = []
    for line in row.lines:
        nominal = line.nominal_code
        if context.codes.account(nominal.code) is None:
            nominal = default_sales_code(context) or nominal
        if context.codes.account(nominal.code) is None:
            return Problem(
                "nominal_code_unknown",
                f"Nominal code {nominal.label} is not in "
                f"{context.provider_label}, or is archived there.",
            )
        tax = context.codes.tax(line.tax_code_id)
        if tax is None:
            return Problem(
                "tax_code_unknown",
                f"Tax code {line.tax_code.label} has no match in "
                f"{context.provider_label}; map it in the sync options.",
            )
        lines.append(
            LinePayload(
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                nominal_code=nominal.code,
                tax_code=tax.remote_id,
                nominal_name=nominal.name,
            )
        )
    return DocumentPayload(
        local_id=row.id,
        number=row.number,
        customer_remote_id=customer_remote,
        date=row.issue_date,
        lines=tuple(lines),
        due_date=getattr(row, "due_date", None) if kind == "invoice" else None,
        reference=row.reference or "",
        approved=context.options.invoice_status == context.options.APPROVED,
    )


def default_sales_code(context):
    """The options' default sales code, when the package has it; read once a run."""
    if context.default_sales is NOT_READ:
        chosen = context.options.default_sales_nominal_code_id
        code = db.session.get(NominalCode, chosen) if chosen else None
        known = code is not None and context.codes.account(code.code) is not None
        context.default_sales = code if known else None
    return context.default_sales


def invoice_problem(context, invoice_id, invoice_remote):
    if invoice_id in context.failed["invoice"]:
        return Problem(
            "dependency_failed", "Its invoice was not sent in this run.", True
        )
    if invoice_remote is None:
        return Problem(
            "invoice_not_synced", "Its invoice is not in the package yet.", True
        )
    if not approved_in_package(context):
        label = context.provider_label
        return Problem(
            "invoice_not_approved",
            f"Invoices go to {label} as drafts (see the sync options), and {label} "
            "takes payments and credit only on approved invoices.",
        )
    return None


def approved_in_package(context):
    """Invoices sent as drafts take no payments or credit there."""
    return (
        not CLIENTS[context.provider_key].sends_drafts
        or context.options.invoice_status == context.options.APPROVED
    )


def payment(context, row, invoice_remote, customer_remote, bank_code):
    problem = invoice_problem(context, row.invoice_id, invoice_remote)
    if problem:
        return problem
    if bank_code is None:
        return Problem(
            "nominal_code_unknown",
            f"{context.provider_label} has no bank account to pay into.",
        )
    return PaymentPayload(
        local_id=row.id,
        invoice_remote_id=invoice_remote,
        customer_remote_id=customer_remote,
        amount=row.amount,
        date=row.payment_date,
        bank_account_code=bank_code,
        reference=row.reference or row.invoice.number,
    )


def allocation(context, row, credit_remote, invoice_remote, customer_remote):
    if row.id in context.failed["credit_note"]:
        return Problem(
            "dependency_failed", "The credit note was not sent in this run.", True
        )
    if credit_remote is None:
        return Problem(
            "dependency_failed", "The credit note is not in the package yet.", True
        )
    problem = invoice_problem(context, row.invoice_id, invoice_remote)
    if problem:
        return problem
    return AllocationPayload(
        local_id=row.id,
        credit_note_remote_id=credit_remote,
        invoice_remote_id=invoice_remote,
        customer_remote_id=customer_remote,
        amount=row.total,
        date=row.issue_date,
    )
