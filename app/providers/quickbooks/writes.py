"""What LedgerBridge writes to QuickBooks Online: customers, sales, payments, voids."""

from app.providers.base import (
    ProviderError,
    PushResult,
    RemoteRecord,
)
from app.providers.quickbooks import wire

# Failures that belong to one record; anything else stops the whole push.
ITEM_CODES = {"validation", "not_found", "duplicate", "locked_period"}


class QuickBooksWrites:
    """Writing to QuickBooks: customers, sales, payments, allocations and voids."""

    def item_for_nominal(self, code, name=""):
        """The Service item whose sales post to nominal code: found by name or made."""
        if code in self.items:
            return self.items[code]
        name = (name or f"Sales {code}").replace(":", " ")[:100]
        rows = list(self.query("Item", f" where Name = {wire.quote(name)}"))
        item = next((r for r in rows if r.get("Type") == "Service"), None)
        if item is None:
            account = self.account_id(code)
            if account is None:
                raise ProviderError(
                    "not_found", f"QuickBooks has no account numbered {code}."
                )
            body = {
                "Name": name,
                "Type": "Service",
                "IncomeAccountRef": {"value": account},
            }
            item = self.call("POST", "item", body=body)["Item"]
        self.items[code] = item["Id"]
        return item["Id"]

    def push_customers(self, customers):
        customers = list(customers)
        tokens = self.sync_tokens("Customer", [c.remote_id for c in customers])

        def item(customer):
            body = wire.customer_body(customer)
            if not customer.remote_id:
                return "create", body
            return "update", {
                **body,
                "Id": customer.remote_id,
                "SyncToken": tokens.get(customer.remote_id, "0"),
                "sparse": True,
            }

        return self.batch("Customer", customers, item, "customerdetail?nameId=")

    def push_invoices(self, invoices):
        return self.push_sales("Invoice", invoices, "invoice?txnId=")

    def push_credit_notes(self, credit_notes):
        return self.push_sales("CreditMemo", credit_notes, "creditmemo?txnId=")

    def push_sales(self, entity, documents, web):
        documents = list(documents)
        results = [None] * len(documents)
        ready = []
        for place, document in enumerate(documents):
            try:
                items = {
                    line.nominal_code: self.item_for_nominal(
                        line.nominal_code, line.nominal_name
                    )
                    for line in document.lines
                }
            except ProviderError as error:
                if error.code not in ITEM_CODES:
                    raise
                results[place] = PushResult.failed(document.local_id, error)
                continue
            ready.append((place, document, items))
        items_of = {id(doc): items for _p, doc, items in ready}
        pushed = self.batch(
            entity,
            [doc for _p, doc, _i in ready],
            lambda doc: ("create", wire.sales_body(doc, items_of[id(doc)])),
            web,
        )
        for (place, _doc, _items), result in zip(ready, pushed, strict=True):
            results[place] = result
        return results

    def push_payments(self, payments):
        payments = list(payments)
        accounts = {
            p.bank_account_code: self.account_id(p.bank_account_code) for p in payments
        }
        return self.batch(
            "Payment",
            payments,
            lambda p: ("create", wire.payment_body(p, accounts[p.bank_account_code])),
            "recvpayment?txnId=",
        )

    def allocate_credit_notes(self, allocations):
        return self.batch(
            "Payment", list(allocations), lambda a: ("create", wire.allocation_body(a))
        )

    def void_invoices(self, invoices):
        """Void each invoice (QBO keeps it, amounts zeroed); one already void or
        gone is done."""
        return self.change_existing(
            "Invoice", invoices, wire.is_void,
            lambda row: ("update", {"Id": row["Id"], "SyncToken": row["SyncToken"]},
                         "void"),
        )  # fmt: skip

    def void_credit_notes(self, credit_notes):
        """QBO cannot void a credit memo, only delete it, and only once nothing
        applies it: the zero Payment that applied ours is deleted first."""
        notes = list(credit_notes)
        applied = [
            RemoteRecord(n.local_id, n.allocation_id) for n in notes if n.allocation_id
        ]
        failed = {r.local_id: r for r in self.delete_payments(applied) if not r.ok}
        rest = [n for n in notes if n.local_id not in failed]
        done = self.change_existing(
            "CreditMemo", rest, lambda _row: False,
            lambda row: ("delete", {"Id": row["Id"], "SyncToken": row["SyncToken"]}),
        )  # fmt: skip
        done = {r.local_id: r for r in done}
        return [failed.get(n.local_id) or done[n.local_id] for n in notes]

    def delete_payments(self, payments):
        """Delete each payment (its invoice owes again); one already gone is done."""
        return self.change_existing(
            "Payment", payments, lambda _row: False,
            lambda row: ("delete", {"Id": row["Id"], "SyncToken": row["SyncToken"]}),
        )  # fmt: skip

    def change_existing(self, entity, records, done, to_item):
        """Read the records first (QBO wants their SyncToken); send to_item(row) for
        each still there and not done(row) yet, so a repeat changes nothing."""
        records = list(records)
        rows = self.rows_by_id(entity, {r.remote_id for r in records})
        results, chosen = {}, []
        for place, record in enumerate(records):
            row = rows.get(record.remote_id)
            if row is None or done(row):
                results[place] = PushResult(record.local_id, record.remote_id, True)
            else:
                chosen.append((place, record))
        sent = self.batch(
            entity, [r for _place, r in chosen], lambda r: to_item(rows[r.remote_id])
        )
        for (place, _record), result in zip(chosen, sent, strict=True):
            results[place] = result
        return [results[place] for place in range(len(records))]
