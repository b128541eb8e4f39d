"""Line items: amounts, tax per rounded line, account and tax-type rules."""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from sandbox.xero.wire import to_decimal

LINE_AMOUNT_TYPES = ("Exclusive", "Inclusive", "NoTax")
SALES_TYPES = ("ACCREC", "ACCRECCREDIT")
# Accounts Xero never lets a document line post to directly.
SYSTEM_ONLY = {"DEBTORS", "CREDITORS", "GST", "RETAINEDEARNINGS", "ROUNDING"}
CLASS_FLAG = {
    "REVENUE": "CanApplyToRevenue",
    "EXPENSE": "CanApplyToExpenses",
    "ASSET": "CanApplyToAssets",
    "LIABILITY": "CanApplyToLiabilities",
    "EQUITY": "CanApplyToEquity",
}
CENT = Decimal("0.01")
LINE_FIELDS = (
    "Description",
    "ItemCode",
    "Tracking",
    "DiscountRate",
)


def round2(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def account_message(code):
    return f"Account code '{code}' is not a valid code for this document."


def tax_message(tax_type):
    return (
        f"The TaxType code '{tax_type}' does not exist or cannot be used for "
        "this type of transaction."
    )


def build_lines(raw_lines, old_lines, doc_type, status, amount_types, lookups, dp):
    """(lines, errors): the stored lines with amounts and tax, and rule messages."""
    errors = []
    old_by_id = {line.get("LineItemID"): line for line in old_lines or []}
    lines = []
    for raw in raw_lines:
        if not isinstance(raw, dict):
            errors.append("Each line item must be an object.")
            continue
        line, line_errors = _line(raw, doc_type, status, amount_types, lookups, dp)
        errors.extend(line_errors)
        given_id = str(raw.get("LineItemID") or "").lower()
        line["LineItemID"] = given_id if given_id in old_by_id else str(uuid.uuid4())
        lines.append(line)
    return lines, errors


def _line(raw, doc_type, status, amount_types, lookups, dp):
    errors = []
    quantity = to_decimal(raw.get("Quantity"))
    unit = to_decimal(raw.get("UnitAmount"))
    given_amount = to_decimal(raw.get("LineAmount"))
    discount = to_decimal(raw.get("DiscountRate")) or Decimal(0)
    if quantity is None:
        quantity = Decimal(1)
    if quantity < 0:
        errors.append(
            f"The quantity value '{quantity:.4f}' is invalid. "
            "Quantity must not be less than zero."
        )
    if unit is None:
        unit = given_amount if given_amount is not None else Decimal(0)
    unit = unit.quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)
    amount = round2(quantity * unit * (1 - discount / 100))
    if given_amount is not None and round2(given_amount) != amount:
        if raw.get("Quantity") is not None and raw.get("UnitAmount") is not None:
            errors.append(
                "The line amount does not equal the quantity multiplied by the "
                "unit amount (less any discount)."
            )
    line = {key: raw[key] for key in LINE_FIELDS if key in raw}
    line.update(Quantity=quantity, UnitAmount=unit, LineAmount=amount)
    account = _account(raw, doc_type, status, lookups, errors)
    if account is not None:
        line["AccountCode"] = account["Code"]
        line["AccountID"] = account["AccountID"]
    tax_type = raw.get("TaxType") or (account or {}).get("TaxType") or "NONE"
    if amount_types == "NoTax":
        tax_type = "NONE"
    rate = _tax_rate(tax_type, doc_type, account, lookups, errors)
    line["TaxType"] = tax_type
    if amount_types == "Inclusive":
        line["TaxAmount"] = round2(amount * rate / (100 + rate))
    else:
        line["TaxAmount"] = round2(amount * rate / 100)
    line.setdefault("Tracking", [])
    return line, errors


def _account(raw, doc_type, status, lookups, errors):
    code = raw.get("AccountCode")
    account = None
    if code:
        account = lookups.account_by_code(str(code))
    elif raw.get("AccountID"):
        account = lookups.account_by_id(raw["AccountID"])
        code = raw["AccountID"]
    else:
        if status not in ("DRAFT", None):
            errors.append("Account must be valid.")
        return None
    if (
        account is None
        or account.get("Status") != "ACTIVE"
        or account.get("Type") == "BANK"
        or account.get("SystemAccount") in SYSTEM_ONLY
    ):
        errors.append(account_message(code))
        return None
    return account


def _tax_rate(tax_type, doc_type, account, lookups, errors):
    rate = lookups.tax_rate(tax_type)
    sales = doc_type in SALES_TYPES
    fits_document = rate is not None and (
        rate["CanApplyToRevenue"] if sales else rate["CanApplyToExpenses"]
    )
    if rate is None or rate.get("Status") != "ACTIVE" or not fits_document:
        errors.append(tax_message(tax_type))
        return Decimal(0)
    if account is not None:
        flag = CLASS_FLAG.get(account.get("Class"))
        if flag and not rate.get(flag):
            errors.append(
                f"The TaxType code '{tax_type}' cannot be used with account code "
                f"'{account['Code']}'."
            )
    return Decimal(rate["EffectiveRate"])


def totals(lines, amount_types):
    """SubTotal, TotalTax and Total from the rounded lines, as Xero adds them."""
    line_sum = sum((line["LineAmount"] for line in lines), Decimal(0))
    tax = sum((line["TaxAmount"] for line in lines), Decimal(0))
    if amount_types == "Inclusive":
        return round2(line_sum - tax), round2(tax), round2(line_sum)
    return round2(line_sum), round2(tax), round2(line_sum + tax)
