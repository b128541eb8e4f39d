"""Xero Accounting API 2.0 client (PART A of provider-apis.md) on ProviderHttp."""

import logging
from decimal import Decimal

from app.providers import xero_wire as wire
from app.providers.base import (
    AccountsProvider,
    Organisation,
    ProviderError,
    PushResult,
    RemoteAccount,
    RemoteCustomer,
    RemoteTaxCode,
    UnreadableRecord,
    chunks,
    content_key,
    same_amount,
)
from app.providers.clean import Unreadable, field, json_object
from app.providers.http import ProviderHttp

log = logging.getLogger("ledgerbridge.providers")

PAGE = 100
# Failures that belong to one record; anything else stops the whole push.
ITEM_CODES = {"validation", "not_found", "duplicate", "locked_period"}


class XeroProvider(AccountsProvider):
    """One Xero organisation (tenant), reached with the connection's tokens."""

    name = "xero"
    label = "Xero"
    batch_size = 50  # Xero's advice: bundles of up to 50 elements
    sends_drafts = True

    def __init__(self, settings, tenant_id, tokens, session=None):
        self.settings = settings
        self.tenant_id = tenant_id
        self.http = ProviderHttp(
            settings,
            tokens,
            request_id_header="Xero-Correlation-Id",
            idempotency="header",
            describe=wire.describe,
            headers={"Accept": "application/json", "xero-tenant-id": tenant_id},
            session=session,
        )
        self.skipped_accounts = []  # names of accounts without a Code

    def call(self, method, path, *, params=None, body=None):
        headers, data, key = {}, None, None
        if body is not None:
            data = wire.dumps(body)
            headers["Content-Type"] = "application/json"
            key = content_key(method, path, data)
        reply = self.http.request(
            method,
            f"{self.settings.api_base}/{path}",
            params=params,
            data=data,
            headers=headers,
            key=key,
        )
        return json_object(reply, "Xero")

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

    def push_customers(self, customers):
        customers = list(customers)
        results = [None] * len(customers)
        for method, want_update in (("PUT", False), ("POST", True)):
            chosen = [
                (i, c)
                for i, c in enumerate(customers)
                if bool(c.remote_id) == want_update
            ]
            for place, result in self.batch(
                method,
                "Contacts",
                "ContactID",
                chosen,
                wire.contact_body,
                "Contacts/View/",
            ):
                results[place] = result
        return results

    def push_invoices(self, invoices):
        return self.push_documents(invoices, "Invoices", "ACCREC")

    def push_credit_notes(self, credit_notes):
        return self.push_documents(credit_notes, "CreditNotes", "ACCRECCREDIT")

    def push_documents(self, documents, collection, kind):
        id_field = "InvoiceID" if collection == "Invoices" else "CreditNoteID"
        web = (
            "AccountsReceivable/View.aspx?InvoiceID="
            if collection == "Invoices"
            else "AccountsReceivable/ViewCreditNote.aspx?creditNoteID="
        )
        chosen = list(enumerate(documents))
        return [
            result
            for _place, result in self.batch(
                "PUT",
                collection,
                id_field,
                chosen,
                lambda d: wire.document_body(d, kind),
                web,
            )
        ]

    def push_payments(self, payments):
        chosen = list(enumerate(payments))
        return [
            r
            for _p, r in self.batch(
                "PUT", "Payments", "PaymentID", chosen, wire.payment_body
            )
        ]

    def allocate_credit_notes(self, allocations):
        results = []
        for allocation in allocations:
            body = {
                "Allocations": [
                    {
                        "Invoice": {"InvoiceID": allocation.invoice_remote_id},
                        "Amount": Decimal(allocation.amount),
                        "Date": allocation.date.isoformat(),
                    }
                ]
            }
            path = f"CreditNotes/{allocation.credit_note_remote_id}/Allocations"
            try:
                reply = self.call(
                    "PUT", path, params={"summarizeErrors": "false"}, body=body
                )
            except ProviderError as error:
                if error.code not in ITEM_CODES:
                    raise
                results.append(PushResult.failed(allocation.local_id, error))
                continue
            [element] = reply.get("Allocations") or [{}]
            error = wire.element_error(element)
            remote_id = element.get("AllocationID") or allocation.credit_note_remote_id
            results.append(
                PushResult.failed(allocation.local_id, error)
                if error
                else PushResult(allocation.local_id, remote_id, True)
            )
        return results

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

    def void_invoices(self, invoices):
        """AUTHORISED and SUBMITTED invoices become VOIDED, drafts DELETED (Xero
        voids only approved ones); one already void, deleted or gone is done."""
        invoices = list(invoices)
        now = self.invoice_statuses({i.remote_id for i in invoices})
        results, chosen, targets = {}, [], {}
        for place, invoice in enumerate(invoices):
            status = now.get(invoice.remote_id.lower())
            if status in (None, "VOIDED", "DELETED"):
                results[place] = PushResult(invoice.local_id, invoice.remote_id, True)
            else:
                targets[invoice.local_id] = "DELETED" if status == "DRAFT" else "VOIDED"
                chosen.append((place, invoice))
        for place, result in self.batch(
            "POST", "Invoices", "InvoiceID", chosen,
            lambda i: {"InvoiceID": i.remote_id, "Status": targets[i.local_id]},
        ):  # fmt: skip
            results[place] = result
        return [results[place] for place in range(len(invoices))]

    def void_credit_notes(self, credit_notes):
        """Remove our allocation (Xero will not void an allocated credit note),
        then VOIDED, or DELETED for a draft; one call or three a credit note."""
        results = []
        for note in credit_notes:
            try:
                self.void_credit_note(note)
            except ProviderError as error:
                if error.code not in ITEM_CODES:
                    raise
                results.append(PushResult.failed(note.local_id, error))
                continue
            results.append(PushResult(note.local_id, note.remote_id, True))
        return results

    def void_credit_note(self, note):
        path = f"CreditNotes/{note.remote_id}"
        try:
            [credit] = self.call("GET", path).get("CreditNotes") or [{}]
        except ProviderError as error:
            if error.code == "not_found":
                return  # gone there already
            raise
        if credit.get("Status") in (None, "VOIDED", "DELETED"):
            return
        ids = {a.get("AllocationID") for a in credit.get("Allocations") or []}
        if note.allocation_id and note.allocation_id in ids:
            self.call("DELETE", f"{path}/Allocations/{note.allocation_id}")
        target = "DELETED" if credit.get("Status") == "DRAFT" else "VOIDED"
        body = {"CreditNotes": [{"CreditNoteID": note.remote_id, "Status": target}]}
        reply = self.call("POST", path, params={"summarizeErrors": "false"}, body=body)
        [element] = reply.get("CreditNotes") or [{}]
        error = wire.element_error(element)
        if error is not None:
            raise error

    def delete_payments(self, payments):
        """Mark each payment DELETED (its invoice owes again), one call each as
        Xero takes them; one already deleted or gone is done."""
        results = []
        for payment in payments:
            path = f"Payments/{payment.remote_id}"
            try:
                [found] = self.call("GET", path).get("Payments") or [{}]
                if found.get("Status") != "DELETED":
                    reply = self.call("POST", path, body={"Status": "DELETED"})
                    [element] = reply.get("Payments") or [{}]
                    error = wire.element_error(element)
                    if error is not None:
                        raise error
            except ProviderError as error:
                if error.code not in ITEM_CODES:
                    raise
                if error.code != "not_found":  # gone already is what we wanted
                    results.append(PushResult.failed(payment.local_id, error))
                    continue
            results.append(PushResult(payment.local_id, payment.remote_id, True))
        return results

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

    def batch(self, method, collection, id_field, chosen, to_body, web=None):
        """(input place, PushResult) pairs, sending chosen in bundles of 50."""
        for bundle in chunks(chosen, self.batch_size):
            body = {collection: [to_body(item) for _place, item in bundle]}
            try:
                reply = self.call(
                    method,
                    collection,
                    params={"summarizeErrors": "false"},
                    body=body,
                )
            except ProviderError as error:
                if error.code not in ITEM_CODES:
                    raise
                for place, item in bundle:
                    yield place, PushResult.failed(item.local_id, error)
                continue
            elements = reply.get(collection) or []
            for number, (place, item) in enumerate(bundle):
                if number >= len(elements):
                    lost = ProviderError(
                        "unknown", "Xero did not answer for this record."
                    )
                    yield place, PushResult.failed(item.local_id, lost)
                    continue
                element = elements[number]
                error = wire.element_error(element)
                if error is not None:
                    yield place, PushResult.failed(item.local_id, error)
                    continue
                remote_id = element.get(id_field)
                yield (
                    place,
                    PushResult(
                        item.local_id, remote_id, True, url=self.web_url(web, remote_id)
                    ),
                )

    def web_url(self, web, remote_id):
        """A link into the package's own screens, where the settings have them."""
        if not web or not remote_id or not self.settings.web_url:
            return None
        return f"{self.settings.web_url}/{web}{remote_id}"


def _label(record, name="Name"):
    """The record's name for the history, if it has a usable one."""
    value = record.get(name) if isinstance(record, dict) else None
    return value[:250] if isinstance(value, str) and value else "(unreadable record)"
