"""QuickBooks Online Accounting API v3 client (PART B of provider-apis.md)."""

import logging
from datetime import date
from decimal import Decimal

from app.providers import quickbooks_wire as wire
from app.providers.base import (
    AccountsProvider,
    Organisation,
    ProviderError,
    PushResult,
    RemoteAccount,
    RemoteCustomer,
    RemoteRecord,
    RemoteTaxCode,
    UnreadableRecord,
    chunks,
    content_key,
)
from app.providers.clean import Unreadable, field, json_object, part
from app.providers.http import ProviderHttp

log = logging.getLogger("ledgerbridge.providers")

PAGE = 1000  # MAXRESULTS cap
MINOR_VERSION = "75"
ITEM_CODES = {"validation", "not_found", "duplicate", "locked_period"}


class QuickBooksProvider(AccountsProvider):
    """One QuickBooks company (realm), reached with the connection's tokens."""

    name = "quickbooks"
    label = "QuickBooks Online"
    batch_size = 30  # Intuit's batch limit

    def __init__(self, settings, realm_id, tokens, session=None):
        self.settings = settings
        self.realm_id = str(realm_id)
        self.http = ProviderHttp(
            settings,
            tokens,
            request_id_header="intuit_tid",
            idempotency="param",
            describe=wire.describe,
            headers={"Accept": "application/json"},
            session=session,
        )
        self.items = {}  # nominal code -> service item Id, made on first use
        self.accounts = {}  # AcctNum -> Account Id
        self.chart_read = False  # the whole chart is in self.accounts
        self.skipped_accounts = []

    def call(self, method, path, *, params=None, body=None, weight=1):
        params = {**(params or {}), "minorversion": MINOR_VERSION}
        headers, data, key = {}, None, None
        if body is not None:
            data = wire.dumps(body)
            headers["Content-Type"] = "application/json"
            key = content_key(method, f"{self.realm_id}/{path}", data)
        reply = self.http.request(
            method,
            f"{self.settings.api_base}/{self.realm_id}/{path}",
            params=params,
            data=data,
            headers=headers,
            key=key,
            weight=weight,  # QBO counts each batch item against its minute limit
        )
        return json_object(reply, "QuickBooks")

    def query(self, entity, where=""):
        """Every row of one entity, paged with STARTPOSITION/MAXRESULTS."""
        size = self.settings.page_size or PAGE
        start = 1
        while True:
            text = (
                f"select * from {entity}{where} "  # noqa: S608 - QBO query, quoted
                f"STARTPOSITION {start} MAXRESULTS {size}"
            )
            rows = self.call("GET", "query", params={"query": text})
            rows = rows.get("QueryResponse", {}).get(entity, [])
            yield from rows
            if len(rows) < size:
                return
            start += size

    def organisation(self):
        info = self.call("GET", f"companyinfo/{self.realm_id}")["CompanyInfo"]
        prefs = self.call("GET", "preferences")["Preferences"]
        closed = prefs.get("AccountingInfoPrefs", {}).get("BookCloseDate")
        home = prefs.get("CurrencyPrefs", {}).get("HomeCurrency", {})
        return Organisation(
            remote_id=self.realm_id,
            name=info.get("CompanyName", ""),
            country=info.get("Country"),
            currency=home.get("value"),
            lock_date=date.fromisoformat(closed[:10]) if closed else None,
        )

    def tax_codes(self):
        rates = {r["Id"]: r for r in self.query("TaxRate")}
        found = []
        for code in self.query("TaxCode"):
            details = (code.get("SalesTaxRateList") or {}).get("TaxRateDetail") or []
            bought = (code.get("PurchaseTaxRateList") or {}).get("TaxRateDetail") or []
            rate = Decimal("0")
            if details or bought:
                first = (details or bought)[0].get("TaxRateRef", {}).get("value")
                rate = Decimal(str((rates.get(first) or {}).get("RateValue", 0)))
            found.append(
                RemoteTaxCode(
                    remote_id=code["Id"],
                    name=code.get("Name", ""),
                    code=code.get("Name", ""),
                    rate=rate,
                    active=code.get("Active", True),
                    sales=bool(details),
                    purchases=bool(bought),
                    description=code.get("Description", ""),
                )
            )
        return found

    def nominal_codes(self):
        found, self.skipped_accounts = [], []
        for account in self.query("Account"):
            if not account.get("AcctNum"):
                # Our nominal codes are numbers; an account without one cannot match.
                self.skipped_accounts.append(account.get("Name", ""))
                continue
            self.accounts[account["AcctNum"]] = account["Id"]
            kind = "bank" if account.get("AccountType") == "Bank" else None
            found.append(
                RemoteAccount(
                    remote_id=account["Id"],
                    code=account["AcctNum"],
                    name=account.get("Name", ""),
                    type=kind
                    or wire.CLASS_KINDS.get(account.get("Classification"), "asset"),
                    active=account.get("Active", True),
                )
            )
        self.chart_read = True
        return found

    def customers(self, include_archived=False):
        where = " where Active IN (true, false)" if include_archived else ""
        for row in self.query("Customer", where):
            yield self.read_customer(row)

    @staticmethod
    def read_customer(row):
        """A RemoteCustomer, or an UnreadableRecord naming what is wrong with it."""
        try:
            active = row.get("Active", True)
            if not isinstance(active, bool):
                raise Unreadable("its Active flag is not true or false")
            return RemoteCustomer(
                remote_id=field(row, "Id", "Id", required=True),
                name=field(row, "DisplayName", "name") or "",
                email=field(part(row, "PrimaryEmailAddr"), "Address", "email"),
                phone=field(part(row, "PrimaryPhone"), "FreeFormNumber", "phone"),
                account_number=field(row, "AcctNum", "account number"),
                active=active,
            )
        except (Unreadable, AttributeError, TypeError) as problem:
            reason = problem if isinstance(problem, Unreadable) else "it is malformed"
            remote_id = row.get("Id") if isinstance(row, dict) else None
            name = row.get("DisplayName") if isinstance(row, dict) else None
            return UnreadableRecord(
                "customer_pull",
                remote_id if isinstance(remote_id, str) else None,
                name[:250] if isinstance(name, str) and name else "(unreadable record)",
                f"QuickBooks sent a customer we could not read: {reason}.",
            )

    def account_id(self, code):
        """The Account Id for an AcctNum, or None. QBO refuses a WHERE on AcctNum
        (4001 "property 'AcctNum' is not queryable", Intuit staff on
        intuit/QuickBooks-V3-DotNET-SDK#163), so the chart is read once and kept."""
        if code not in self.accounts and not self.chart_read:
            for account in self.query("Account"):
                if account.get("AcctNum"):
                    self.accounts.setdefault(account["AcctNum"], account["Id"])
            self.chart_read = True
        return self.accounts.get(code)

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

    def sync_tokens(self, entity, ids):
        ids = [i for i in ids if i]
        tokens = {}
        for group in chunks(ids, 100):
            listed = ", ".join(wire.quote(i) for i in group)
            for row in self.query(entity, f" where Id IN ({listed})"):
                tokens[row["Id"]] = row.get("SyncToken", "0")
        return tokens

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

    def find_documents(self, kind, numbers):
        entity = "Invoice" if kind == "invoice" else "CreditMemo"
        found = {}
        for group in chunks(sorted(set(numbers)), 100):
            listed = ", ".join(wire.quote(n) for n in group)
            for row in self.query(entity, f" where DocNumber IN ({listed})"):
                found[row.get("DocNumber")] = row["Id"]
        return found

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

    def rows_by_id(self, entity, ids):
        """{id: row} of those QBO still has."""
        found = {}
        for group in chunks(sorted(ids), 100):
            listed = ", ".join(wire.quote(i) for i in group)
            for row in self.query(entity, f" where Id IN ({listed})"):
                found[row["Id"]] = row
        return found

    def find_applied(self, kind, records):
        """Payments (and the zero Payments that apply credits) of these customers on
        these dates, matched to ours by what they link and for how much."""
        records = list(records)
        found = {r.local_id: [] for r in records}
        if not records:
            return found
        first = min(r.date for r in records).isoformat()
        last = max(r.date for r in records).isoformat()
        customers = sorted({r.customer_remote_id for r in records})
        for group in chunks(customers, 100):
            listed = ", ".join(wire.quote(c) for c in group)
            where = (
                f" where CustomerRef IN ({listed})"
                f" AND TxnDate >= {wire.quote(first)} AND TxnDate <= {wire.quote(last)}"
            )
            for row in self.query("Payment", where):
                for record in records:
                    if wire.applies(row, record, kind):
                        found[record.local_id].append(row["Id"])
        return found

    def batch(self, entity, records, to_item, web=None):
        """PushResults in input order, 30 records per batch call."""
        results = []
        for group in chunks(records, self.batch_size):
            request = []
            for number, record in enumerate(group):
                operation, body, *options = to_item(record)
                item = {"bId": str(number), "operation": operation, entity: body}
                if options:  # "void": an update that voids (Intuit's batch form)
                    item["optionsData"] = options[0]
                request.append(item)
            try:
                # ProviderHttp adds the requestid that makes a retried batch safe.
                reply = self.call(
                    "POST",
                    "batch",
                    body={"BatchItemRequest": request},
                    weight=len(request),
                )
            except ProviderError as error:
                if error.code not in ITEM_CODES:
                    raise
                results += [PushResult.failed(r.local_id, error) for r in group]
                continue
            answers = {a.get("bId"): a for a in reply.get("BatchItemResponse", [])}
            for number, record in enumerate(group):
                answer = answers.get(str(number), {})
                if "Fault" in answer or entity not in answer:
                    error = wire.fault_error(answer.get("Fault") or {}, 200)
                    results.append(PushResult.failed(record.local_id, error))
                    continue
                remote_id = answer[entity]["Id"]
                results.append(
                    PushResult(
                        record.local_id,
                        remote_id,
                        True,
                        url=self.web_url(web, remote_id),
                    )
                )
        return results

    def web_url(self, web, remote_id):
        """A link into the package's own screens, where the settings have them."""
        if not web or not remote_id or not self.settings.web_url:
            return None
        return f"{self.settings.web_url}/{web}{remote_id}"
