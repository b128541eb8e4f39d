"""The domain: every row belongs to a Company, directly or through its document."""

from app.models.audit import AuditEntry
from app.models.company import Company, User
from app.models.contacts import Customer, Supplier
from app.models.exports import Export
from app.models.imports import ImportUpload
from app.models.integration import AccountsConnection, ProviderApp, SyncOptions
from app.models.ledger_codes import NominalCode, TaxCode
from app.models.notifications import Notification
from app.models.purchases import PurchaseInvoice, PurchaseInvoiceLine
from app.models.sales import (
    CreditNote,
    CreditNoteLine,
    Payment,
    SalesInvoice,
    SalesInvoiceLine,
)
from app.models.submissions import Submission
from app.models.sync import ExternalLink, SyncExclusion, SyncItem, SyncRun

__all__ = [
    "AccountsConnection",
    "AuditEntry",
    "Company",
    "CreditNote",
    "CreditNoteLine",
    "Export",
    "ExternalLink",
    "Customer",
    "ImportUpload",
    "NominalCode",
    "Notification",
    "Payment",
    "ProviderApp",
    "PurchaseInvoice",
    "PurchaseInvoiceLine",
    "SalesInvoice",
    "SalesInvoiceLine",
    "Supplier",
    "Submission",
    "SyncExclusion",
    "SyncItem",
    "SyncOptions",
    "SyncRun",
    "TaxCode",
    "User",
]
