"""Push: customers, then invoices, credit notes and their allocations, then payments,
then what was undone here; one module per thing pushed, batch.py what they share."""

from app.sync.push.batch import size_of
from app.sync.push.customers import push_customers
from app.sync.push.documents import push_credit_notes, push_invoices
from app.sync.push.payments import push_allocations, push_payments
from app.sync.push.voids import (
    push_credit_note_voids,
    push_invoice_voids,
    push_payment_deletions,
)

__all__ = [
    "push_allocations",
    "push_credit_note_voids",
    "push_credit_notes",
    "push_customers",
    "push_invoice_voids",
    "push_invoices",
    "push_payment_deletions",
    "push_payments",
    "size_of",
]
