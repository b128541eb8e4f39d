"""Writable field names per entity (all XSD names) and input parsing helpers."""

from datetime import date
from decimal import Decimal, InvalidOperation

from sandbox.quickbooks.envelopes import QboError, unknown_property

ENVELOPE = {"Id", "SyncToken", "MetaData", "domain", "sparse", "status", "CustomField"}
TRANSACTION = set(
    "DocNumber TxnDate DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus "
    "LinkedTxn Line TxnTaxDetail TxnSource".split()
)
SALES = TRANSACTION | set(
    "AutoDocNumber CustomerRef CustomerMemo BillAddr ShipAddr ClassRef SalesTermRef "
    "DueDate SalesRepRef PONumber ShipDate TrackingNum GlobalTaxCalculation TotalAmt "
    "HomeTotalAmt ApplyTaxAfterDiscount PrintStatus EmailStatus BillEmail BillEmailCc "
    "BillEmailBcc ARAccountRef Balance HomeBalance DepositToAccountRef".split()
)
NAME_BASE = set(
    "Title GivenName MiddleName FamilyName Suffix FullyQualifiedName CompanyName "
    "DisplayName PrintOnCheckName Active PrimaryPhone AlternatePhone Mobile Fax "
    "PrimaryEmailAddr WebAddr DefaultTaxCodeRef".split()
)
WRITABLE = {
    "Invoice": SALES
    | set(
        "Deposit AllowOnlinePayment AllowOnlineCreditCardPayment "
        "AllowOnlineACHPayment".split()
    ),
    "CreditMemo": SALES | {"RemainingCredit", "InvoiceRef"},
    "Payment": TRANSACTION
    | set(
        "CustomerRef ARAccountRef DepositToAccountRef PaymentMethodRef PaymentRefNum "
        "TotalAmt UnappliedAmt ProcessPayment".split()
    ),
    "Customer": NAME_BASE
    | set(
        "Taxable BillAddr ShipAddr Notes Job BillWithParent ParentRef Level "
        "SalesTermRef PaymentMethodRef Balance BalanceWithJobs CurrencyRef "
        "PreferredDeliveryMethod ResaleNum AcctNum OpenBalanceDate ContactName".split()
    ),
    "Item": set(
        "Name Sku Description Active FullyQualifiedName Taxable UnitPrice Type "
        "IncomeAccountRef PurchaseDesc PurchaseCost ExpenseAccountRef TrackQtyOnHand "
        "SalesTaxCodeRef PurchaseTaxCodeRef SalesTaxIncluded "
        "PurchaseTaxIncluded".split()
    ),
    "Account": set(
        "Name SubAccount ParentRef Description FullyQualifiedName Active "
        "Classification AccountType AccountSubType AcctNum CurrentBalance "
        "CurrentBalanceWithSubAccounts CurrencyRef TaxCodeRef".split()
    ),
}
# Fields QBO works out itself: whatever the client sends for them is ignored.
READ_ONLY = {
    "Invoice": {"TotalAmt", "HomeTotalAmt", "Balance", "HomeBalance", "LinkedTxn"},
    "CreditMemo": {"TotalAmt", "HomeTotalAmt", "Balance", "HomeBalance"}
    | {"RemainingCredit", "LinkedTxn"},
    "Payment": {"UnappliedAmt", "LinkedTxn"},
    "Customer": {"Balance", "BalanceWithJobs", "FullyQualifiedName"},
    "Item": {"FullyQualifiedName"},
    "Account": {"FullyQualifiedName", "Classification", "CurrentBalance"}
    | {"CurrentBalanceWithSubAccounts"},
}
LINE = set(
    "Id LineNum Description Amount LinkedTxn DetailType SalesItemLineDetail "
    "DescriptionLineDetail SubTotalLineDetail DiscountLineDetail LineEx "
    "CustomField".split()
)


def check_keys(data, allowed, kind):
    """2010 for a key the entity does not have, as QBO's JSON reader says."""
    for key in data:
        if key not in allowed:
            raise unknown_property(key, kind)


def writable(kind, payload):
    """The client's fields QBO keeps, after refusing unknown ones."""
    if not isinstance(payload, dict):
        raise QboError(
            2010,
            "Request has invalid or unsupported property",
            f"Property Name:{kind} body must be an object specified is "
            "unsupported or invalid",
            kind,
        )
    check_keys(payload, WRITABLE[kind] | ENVELOPE, kind)
    dropped = ENVELOPE | READ_ONLY.get(kind, set())
    return {key: value for key, value in payload.items() if key not in dropped}


def bad_value(element, value, what):
    return QboError(
        2010,
        "Request has invalid or unsupported property",
        f'Property Name:Can not parse "{value}" as {what} specified is unsupported '
        "or invalid",
        element,
    )


def decimal(value, element):
    """A Decimal from a JSON number or numeric string; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise bad_value(element, value, "a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise bad_value(element, value, "a number") from None
    if not number.is_finite():
        raise bad_value(element, value, "a number")
    return number


def iso_date(value, element):
    """A date from YYYY-MM-DD; None when absent."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise bad_value(element, value, "a date (yyyy-MM-dd)") from None


def ref_value(data, key):
    """The id inside a ReferenceType, or None."""
    ref = data.get(key)
    if isinstance(ref, dict) and ref.get("value") not in (None, ""):
        return str(ref["value"])
    if isinstance(ref, str | int) and not isinstance(ref, bool) and str(ref):
        return str(ref)
    return None
