"""Payments: cash against invoices, and credit memos applied through them."""

from decimal import Decimal

from sandbox.quickbooks import store
from sandbox.quickbooks.envelopes import business, invalid_reference, required
from sandbox.quickbooks.fields import check_keys, decimal, iso_date, ref_value
from sandbox.quickbooks.sales import cents, check_currency, customer_ref, today

LINKABLE = ("Invoice", "CreditMemo")
PAYMENT_LINE = {"Id", "LineNum", "Amount", "LinkedTxn", "LineEx", "Description"}


def build(realm_id, data, row):
    """Validate a payment; returns (body, columns, links) with links to apply."""
    customer, ref = customer_ref(realm_id, data)
    check_currency(data)
    total = decimal(data.get("TotalAmt"), "TotalAmt")
    if total is None:
        raise required("TotalAmt")
    if total < 0:
        raise business("You must set a transaction amount.", "TotalAmt")
    out_lines, links, pending = [], [], {}
    invoices = credits = Decimal(0)
    for line in data.get("Line") or []:
        if not isinstance(line, dict):
            raise required("Line")
        check_keys(line, PAYMENT_LINE, "Line")
        amount = cents(decimal(line.get("Amount"), "Line.Amount") or 0)
        linked = line.get("LinkedTxn") or []
        if amount <= 0 or not linked:
            continue
        target = linked_target(realm_id, linked[0], customer)
        open_amount = (
            Decimal(target.total) - Decimal(target.applied) - pending.get(target.id, 0)
        )
        if amount > open_amount:
            label = "credit memo" if target.kind == "CreditMemo" else "invoice"
            raise business(
                f"The amount applied to {label} {store.body(target)['DocNumber']} "
                f"({store.money(amount)}) is more than its open balance "
                f"({store.money(open_amount)}).",
                "Line.Amount",
            )
        if target.kind == "Invoice":
            invoices += amount
        else:
            credits += amount
        pending[target.id] = pending.get(target.id, 0) + amount
        links.append((target, amount))
        out_lines.append(
            {
                "Amount": store.money(amount),
                "LinkedTxn": [{"TxnId": str(target.id), "TxnType": target.kind}],
            }
        )
    if credits > invoices:
        raise business("Credits applied can't be more than the invoices paid.", "Line")
    applied = invoices - credits
    if applied > total:
        raise business(
            "The payment amount is less than the amount applied to invoices "
            "after credits.",
            "TotalAmt",
        )
    account_id = ref_value(data, "DepositToAccountRef")
    if account_id is not None:
        account = store.get(realm_id, "Account", account_id)
        if account is None or not account.active:
            raise invalid_reference("DepositToAccountRef")
    txn_date = iso_date(data.get("TxnDate"), "TxnDate") or today()
    body = {
        **data,
        "TxnDate": txn_date.isoformat(),
        "CurrencyRef": store.GBP,
        "LinkedTxn": [],
        "Line": out_lines,
        "CustomerRef": ref,
        "TotalAmt": store.money(total),
        "ProcessPayment": bool(data.get("ProcessPayment", False)),
    }
    columns = {"customer_id": customer.id, "total": total, "applied": applied}
    return body, columns, links


def linked_target(realm_id, link, customer):
    """The invoice or credit memo a payment line links (2500 when unusable)."""
    if not isinstance(link, dict) or link.get("TxnType") not in LINKABLE:
        raise invalid_reference("Line.LinkedTxn.TxnType")
    target = store.get(realm_id, link["TxnType"], link.get("TxnId"))
    if target is None or target.status == "Voided":
        raise invalid_reference("Line.LinkedTxn.TxnId")
    if target.customer_id != customer.id:
        raise business(
            "The linked transaction belongs to another customer.", "Line.LinkedTxn"
        )
    return target


def apply(payment, links):
    """Reduce each linked document's balance and link it back to the payment."""
    for target, amount in links:
        target.applied = Decimal(target.applied) + amount
        data = store.body(target)
        data.setdefault("LinkedTxn", []).append(
            {"TxnId": str(payment.id), "TxnType": "Payment"}
        )
        store.save(target, data)


def unapply(realm_id, payment):
    """Undo a payment's effect on the documents it linked (update, delete, void)."""
    for line in store.body(payment).get("Line", []):
        for link in line.get("LinkedTxn", []):
            target = store.get(realm_id, link["TxnType"], link["TxnId"])
            if target is None:
                continue
            target.applied = Decimal(target.applied) - Decimal(str(line["Amount"]))
            data = store.body(target)
            data["LinkedTxn"] = [
                other
                for other in data.get("LinkedTxn", [])
                if not (
                    other.get("TxnType") == "Payment"
                    and other.get("TxnId") == str(payment.id)
                )
            ]
            store.save(target, data)
