"""What LedgerBridge reads from Xero: the organisation, codes, contacts, documents,
and the state of what it sent (statuses, payments, allocations)."""

import logging
from decimal import Decimal

from app.providers.base import (
    Organisation,
    ProviderError,
    RemoteAccount,
    RemoteCustomer,
    RemoteTaxCode,
    UnreadableRecord,
    chunks,
    same_amount,
)
from app.providers.clean import Unreadable, field
from app.providers.xero import wire

log = logging.getLogger("ledgerbridge.providers")

PAGE = 100


class XeroReads:
    """Reading Xero: the organisation, codes, contacts and documents."""

    def organisation(self):
        org = self.call("GET", "Organisation")["Organisations"][0]
        locks = [
            wire.parse_date(org.get(name))
            for name in ("PeriodLockDate", "EndOfYearLockDate")
        ]
        locks = [day for day in locks if day]
        return Organisation(
            remote_id=org.get("OrganisationID") or self.tenant_id,
            name=org.get("Name", ""),
            country=org.get("CountryCode"),
            currency=org.get("BaseCurrency"),
            lock_date=max(locks) if locks else None,
        )

    def tax_codes(self):
        return [
            RemoteTaxCode(
                remote_id=rate["TaxType"],
                name=rate.get("Name", rate["TaxType"]),
                code=rate["TaxType"],
                rate=Decimal(str(rate.get("EffectiveRate", 0))),
                active=rate.get("Status") == "ACTIVE",
                sales=bool(rate.get("CanApplyToRevenue", True)),
                purchases=bool(rate.get("CanApplyToExpenses", True)),
            )
            for rate in self.call("GET", "TaxRates").get("TaxRates", [])
        ]

    def nominal_codes(self):
        found, self.skipped_accounts = [], []
        for account in self.call("GET", "Accounts").get("Accounts", []):
            if not account.get("Code"):
                # Lines name accounts by Code, so a code-less account is unusable.
                self.skipped_accounts.append(account.get("Name", ""))
                continue
            kind = wire.ACCOUNT_KINDS.get(account.get("Type")) or wire.CLASS_KINDS.get(
                account.get("Class"), "asset"
            )
            found.append(
                RemoteAccount(
                    remote_id=account["AccountID"],
                    code=account["Code"],
                    name=account.get("Name", ""),
                    type=kind,
                    active=account.get("Status", "ACTIVE") == "ACTIVE",
                )
            )
        if self.skipped_accounts:
            log.info("Xero accounts without a code skipped: %s", self.skipped_accounts)
        return found

    def customers(self, include_archived=False):
        size = self.settings.page_size or PAGE
        page = 1
        while True:
            params = {"page": page, "pageSize": size}
            if include_archived:
                params["includeArchived"] = "true"
            contacts = self.call("GET", "Contacts", params=params).get("Contacts", [])
            for contact in contacts:
                status = (
                    contact.get("ContactStatus", "ACTIVE")
                    if isinstance(contact, dict)
                    else None
                )
                if status != "ACTIVE" and not include_archived:
                    continue
                yield self.read_contact(contact, status)
            if len(contacts) < size:
                return
            page += 1

    @staticmethod
    def read_contact(contact, status):
        """A RemoteCustomer, or an UnreadableRecord naming what is wrong with it."""
        try:
            return RemoteCustomer(
                remote_id=field(contact, "ContactID", "ContactID", required=True),
                name=field(contact, "Name", "name") or "",
                email=field(contact, "EmailAddress", "email address"),
                phone=wire.phone(contact),
                account_number=field(contact, "ContactNumber", "contact number"),
                active=status == "ACTIVE",
            )
        except (Unreadable, AttributeError, TypeError) as problem:
            reason = problem if isinstance(problem, Unreadable) else "it is malformed"
            remote_id = contact.get("ContactID") if isinstance(contact, dict) else None
            return UnreadableRecord(
                "customer_pull",
                remote_id if isinstance(remote_id, str) else None,
                _label(contact),
                f"Xero sent a contact we could not read: {reason}.",
            )

    def find_documents(self, kind, numbers):
        found = {}
        for group in chunks(sorted(set(numbers)), 40):
            if kind == "invoice":
                collection, id_field = "Invoices", "InvoiceID"
                number_field = "InvoiceNumber"
                params = {"InvoiceNumbers": ",".join(group), "summaryOnly": "true"}
            else:
                collection, id_field = "CreditNotes", "CreditNoteID"
                number_field = "CreditNoteNumber"
                params = {
                    "where": " OR ".join(
                        f'CreditNoteNumber=="{wire.where_text(n)}"' for n in group
                    )
                }
            for element in self.call("GET", collection, params=params).get(
                collection, []
            ):
                if element.get("Status") in ("DELETED", "VOIDED"):
                    continue
                if kind == "invoice" and element.get("Type") != "ACCREC":
                    continue
                found[element.get(number_field)] = element[id_field]
        return found

    def invoice_statuses(self, invoice_ids):
        """{invoice id: Status} of those Xero still has."""
        found = {}
        for group in chunks(sorted(invoice_ids), 40):
            params = {"IDs": ",".join(group), "summaryOnly": "true"}
            for invoice in self.call("GET", "Invoices", params=params).get(
                "Invoices", []
            ):
                found[invoice["InvoiceID"].lower()] = invoice.get("Status")
        return found

    def find_applied(self, kind, records):
        records = list(records)
        if kind == "payment":
            listed = self.invoice_payments({r.invoice_remote_id for r in records})
            return {
                r.local_id: [
                    summary["PaymentID"]
                    for summary in listed.get(r.invoice_remote_id.lower(), [])
                    if same_amount(summary.get("Amount"), r.amount)
                    and wire.parse_date(summary.get("Date")) == r.date
                ]
                for r in records
            }
        listed = self.credit_allocations({r.credit_note_remote_id for r in records})
        return {
            r.local_id: [
                allocation["AllocationID"]
                for allocation in listed.get(r.credit_note_remote_id.lower(), [])
                if allocation.get("AllocationID")
                and (allocation.get("Invoice") or {}).get("InvoiceID", "").lower()
                == r.invoice_remote_id.lower()
                and same_amount(allocation.get("Amount"), r.amount)
                and wire.parse_date(allocation.get("Date")) == r.date
            ]
            for r in records
        }

    def invoice_payments(self, invoice_ids):
        """{invoice id: its Payments}: Xero lists each payment on its invoice. A page
        of invoices is read whole (payments included); 40 ids fit in one."""
        listed = {}
        for group in chunks(sorted(invoice_ids), 40):
            params = {"IDs": ",".join(group), "page": 1}
            for invoice in self.call("GET", "Invoices", params=params).get(
                "Invoices", []
            ):
                listed[invoice["InvoiceID"].lower()] = invoice.get("Payments") or []
        return listed

    def credit_allocations(self, credit_note_ids):
        """{credit note id: its Allocations}, one credit note a call."""
        listed = {}
        for credit_note_id in sorted(credit_note_ids):
            try:
                reply = self.call("GET", f"CreditNotes/{credit_note_id}")
            except ProviderError as error:
                if error.code != "not_found":
                    raise
                continue
            for credit in reply.get("CreditNotes", []):
                listed[credit["CreditNoteID"].lower()] = credit.get("Allocations") or []
        return listed


def _label(record, name="Name"):
    """The record's name for the history, if it has a usable one."""
    value = record.get(name) if isinstance(record, dict) else None
    return value[:250] if isinstance(value, str) and value else "(unreadable record)"
