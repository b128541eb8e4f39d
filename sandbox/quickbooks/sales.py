"""Invoices and credit memos: lines from items, UK VAT, totals and numbering."""

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from sandbox.quickbooks import store
from sandbox.quickbooks.envelopes import (
    PACIFIC,
    QboError,
    business,
    invalid_reference,
    required,
)
from sandbox.quickbooks.fields import LINE, check_keys, decimal, iso_date, ref_value
from sandbox.quickbooks.models import QboEntity
from sandbox.storage import sandbox_db

TAX_CALCULATIONS = ("TaxExcluded", "TaxInclusive", "NotApplicable")
VAT_RATE_MISSING = "Make sure all your transactions have a VAT rate before you save."


def cents(value):
    return Decimal(value).quantize(store.CENT, rounding=ROUND_HALF_UP)


def today():
    return datetime.now(PACIFIC).date()


def customer_ref(realm_id, data):
    """The active customer a document or payment names (2020, 2500)."""
    customer_id = ref_value(data, "CustomerRef")
    if customer_id is None:
        raise required("CustomerRef")
    customer = store.get(realm_id, "Customer", customer_id)
    if customer is None or not customer.active:
        raise invalid_reference("CustomerRef")
    ref = {"value": str(customer.id), "name": store.body(customer)["DisplayName"]}
    return customer, ref


def check_currency(data):
    """Multicurrency is off: everything is in the home currency, pounds."""
    currency = ref_value(data, "CurrencyRef")
    if currency is not None and currency != store.GBP["value"]:
        raise business(
            "The transaction needs to be in the same currency as the A/R and A/P "
            "accounts you use.",
            "CurrencyRef",
        )


def next_doc_number(realm_id):
    """QBO's automatic numbering: one past the highest numeric DocNumber."""
    numbers = sandbox_db.session.scalars(
        sa.select(QboEntity.doc_key).where(
            QboEntity.realm_id == realm_id, QboEntity.doc_key.is_not(None)
        )
    )
    # ASCII only: "²".isdigit() is True and int("²") raises.
    highest = max(
        (int(n) for n in numbers if n.isascii() and n.isdigit()), default=1000
    )
    return str(highest + 1)


def build(realm_id, kind, data, row):
    """Validate a sales form and work out its amounts; returns (body, columns)."""
    customer, ref = customer_ref(realm_id, data)
    check_currency(data)
    lines = data.get("Line")
    if not isinstance(lines, list) or not lines:
        raise required("Line")
    calculation = data.get("GlobalTaxCalculation") or "TaxExcluded"
    if calculation not in TAX_CALCULATIONS:
        raise QboError(
            2170,
            "Invalid Enumeration",
            f"Invalid Enumeration : {calculation}",
            "GlobalTaxCalculation",
        )
    if calculation == "TaxInclusive":
        # Not emulated: better a clear refusal than totals QBO would not produce.
        raise business("TaxInclusive amounts are not supported by this sandbox.")
    out_lines, nets = [], {}
    for line in lines:
        built = build_line(realm_id, line, len(out_lines) + 1, nets)
        if built is not None:
            out_lines.append(built)
    subtotal = sum(
        (Decimal(str(line.get("Amount", 0))) for line in out_lines), Decimal(0)
    )
    tax_detail, total_tax = vat(realm_id, nets, calculation)
    out_lines.append(
        {
            "Amount": store.money(subtotal),
            "DetailType": "SubTotalLineDetail",
            "SubTotalLineDetail": {},
        }
    )
    total = cents(subtotal + total_tax)
    if row is not None and total < Decimal(row.applied or 0):
        raise business(
            "The total can't be less than the payments and credits already applied."
        )
    txn_date = iso_date(data.get("TxnDate"), "TxnDate") or today()
    due = iso_date(data.get("DueDate"), "DueDate")
    if due is None and kind == "Invoice":
        due = txn_date + timedelta(days=30)
    number = data.get("DocNumber")
    if not number or data.get("AutoDocNumber"):
        number = (
            store.body(row).get("DocNumber")
            if row is not None and not data.get("AutoDocNumber")
            else next_doc_number(realm_id)
        )
    body = {
        **data,
        "DocNumber": str(number),
        "TxnDate": txn_date.isoformat(),
        "CurrencyRef": store.GBP,
        "LinkedTxn": store.body(row).get("LinkedTxn", []) if row is not None else [],
        "Line": out_lines,
        "TxnTaxDetail": tax_detail,
        "CustomerRef": ref,
        "GlobalTaxCalculation": calculation,
        "TotalAmt": store.money(total),
        "ApplyTaxAfterDiscount": bool(data.get("ApplyTaxAfterDiscount", False)),
        "PrintStatus": data.get("PrintStatus") or "NotSet",
        "EmailStatus": data.get("EmailStatus") or "NotSet",
    }
    body.pop("AutoDocNumber", None)
    if due is not None:
        body["DueDate"] = due.isoformat()
    columns = {"customer_id": customer.id, "total": total, "doc_key": str(number)}
    return body, columns


def build_line(realm_id, line, number, nets):
    """One input line as QBO stores it; subtotal lines are dropped and rebuilt."""
    if not isinstance(line, dict):
        raise required("Line")
    check_keys(line, LINE, "Line")
    kind = line.get("DetailType")
    if kind == "SubTotalLineDetail":
        return None
    base = {"Id": str(number), "LineNum": number}
    if line.get("Description") is not None:
        base["Description"] = str(line["Description"])
    if kind == "DescriptionOnly":
        return {
            **base,
            "DetailType": "DescriptionOnly",
            "DescriptionLineDetail": line.get("DescriptionLineDetail") or {},
        }
    if kind != "SalesItemLineDetail":
        if kind is None:
            raise required("Line.DetailType")
        raise business(f"Line DetailType {kind} is not supported by this sandbox.")
    detail = dict(line.get("SalesItemLineDetail") or {})
    item = item_for(realm_id, detail)
    item_body = store.body(item)
    qty = decimal(detail.get("Qty"), "Line.SalesItemLineDetail.Qty")
    price = decimal(detail.get("UnitPrice"), "Line.SalesItemLineDetail.UnitPrice")
    amount = decimal(line.get("Amount"), "Line.Amount")
    if qty is not None or price is not None or amount is None:
        qty = Decimal(1) if qty is None else qty
        if price is None:
            price = Decimal(str(item_body.get("UnitPrice", 0)))
        computed = cents(qty * price)
        if amount is not None and cents(amount) != computed:
            raise QboError(
                6070,
                "Amount calculation incorrect in the request",
                "Amount is not equal to UnitPrice * Qty. Supplied value:"
                f"{store.money(amount)}",
                "Line.Amount",
            )
        amount = computed
        detail["Qty"] = float(qty) if qty != qty.to_integral() else int(qty)
        detail["UnitPrice"] = (
            float(price) if price != price.to_integral() else int(price)
        )
    amount = cents(amount)
    code = tax_code_for(realm_id, detail)
    nets[code.id] = nets.get(code.id, Decimal(0)) + amount
    detail["ItemRef"] = {"value": str(item.id), "name": item_body["Name"]}
    detail["TaxCodeRef"] = {"value": str(code.id)}
    if item_body.get("IncomeAccountRef"):
        detail["ItemAccountRef"] = item_body["IncomeAccountRef"]
    return {
        **base,
        "Amount": store.money(amount),
        "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": detail,
    }


def item_for(realm_id, detail):
    item_id = ref_value(detail, "ItemRef")
    if item_id is None:
        # Without an ItemRef QBO books the line to its default "Services" item.
        item = sandbox_db.session.scalar(
            sa.select(QboEntity).where(
                QboEntity.realm_id == realm_id,
                QboEntity.name_key == store.name_key("Item", "Services"),
            )
        )
    else:
        item = store.get(realm_id, "Item", item_id)
    if item is None or not item.active:
        raise invalid_reference("Line.SalesItemLineDetail.ItemRef")
    return item


def tax_code_for(realm_id, detail):
    code_id = ref_value(detail, "TaxCodeRef")
    if code_id is None:
        # A UK (non-US) company needs a VAT code on every line, 0% ones too.
        raise business(VAT_RATE_MISSING, "Line.SalesItemLineDetail.TaxCodeRef")
    code = store.get(realm_id, "TaxCode", code_id)
    if code is None or not code.active:
        raise invalid_reference("Line.SalesItemLineDetail.TaxCodeRef")
    if not store.body(code).get("SalesTaxRateList", {}).get("TaxRateDetail"):
        # A purchase-only code (EC goods, reverse charge) is not for sales.
        raise invalid_reference("Line.SalesItemLineDetail.TaxCodeRef")
    return code


def vat(realm_id, nets, calculation):
    """TxnTaxDetail: one TaxLine per rate, tax rounded per rate on the net total."""
    tax_lines, total_tax = [], Decimal(0)
    for code_id, net in nets.items():
        code = store.body(store.get(realm_id, "TaxCode", code_id))
        for detail in code.get("SalesTaxRateList", {}).get("TaxRateDetail", []):
            rate_row = store.get(realm_id, "TaxRate", detail["TaxRateRef"]["value"])
            percent = Decimal(str(store.body(rate_row)["RateValue"]))
            tax = (
                Decimal(0)
                if calculation == "NotApplicable"
                else cents(net * percent / 100)
            )
            total_tax += tax
            tax_lines.append(
                {
                    "Amount": store.money(tax),
                    "DetailType": "TaxLineDetail",
                    "TaxLineDetail": {
                        "TaxRateRef": {"value": str(rate_row.id)},
                        "PercentBased": True,
                        "TaxPercent": float(percent),
                        "NetAmountTaxable": store.money(net),
                    },
                }
            )
    return {"TotalTax": store.money(total_tax), "TaxLine": tax_lines}, total_tax
