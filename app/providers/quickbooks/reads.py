"""What LedgerBridge reads from QuickBooks Online: the company, codes, customers,
and the state of what it sent."""

from datetime import date
from decimal import Decimal

from app.providers.base import (
    Organisation,
    RemoteAccount,
    RemoteCustomer,
    RemoteTaxCode,
    UnreadableRecord,
    chunks,
)
from app.providers.clean import Unreadable, field, part
from app.providers.quickbooks import wire

PAGE = 1000  # MAXRESULTS cap


class QuickBooksReads:
    """Reading QuickBooks: the company, codes, customers and what was sent."""

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

    def find_documents(self, kind, numbers):
        entity = "Invoice" if kind == "invoice" else "CreditMemo"
        found = {}
        for group in chunks(sorted(set(numbers)), 100):
            listed = ", ".join(wire.quote(n) for n in group)
            for row in self.query(entity, f" where DocNumber IN ({listed})"):
                found[row.get("DocNumber")] = row["Id"]
        return found

    def sync_tokens(self, entity, ids):
        ids = [i for i in ids if i]
        tokens = {}
        for group in chunks(ids, 100):
            listed = ", ".join(wire.quote(i) for i in group)
            for row in self.query(entity, f" where Id IN ({listed})"):
                tokens[row["Id"]] = row.get("SyncToken", "0")
        return tokens

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
