"""What LedgerBridge writes to Xero: contacts, documents, payments, voids."""

from decimal import Decimal

from app.providers.base import (
    ProviderError,
    PushResult,
)
from app.providers.xero import wire

# Failures that belong to one record; anything else stops the whole push.
ITEM_CODES = {"validation", "not_found", "duplicate", "locked_period"}


class XeroWrites:
    """Writing to Xero: contacts, documents, payments, allocations and voids."""

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
