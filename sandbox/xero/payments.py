"""Payments and credit-note allocations: Xero's rules and their effect on documents."""

from decimal import Decimal

from sandbox.xero import store
from sandbox.xero.batch import Outcome
from sandbox.xero.documents import settle
from sandbox.xero.render import render_payment
from sandbox.xero.rules import lock_date_error
from sandbox.xero.wire import parse_date, to_decimal, today

NOT_FOUND = "The document with the supplied id was not found for this endpoint."
NOT_AUTHORISED = "Payments can only be made against authorized documents."
EXCEEDS = "Payment amount exceeds the amount outstanding on this document"
PAYMENT_TYPES = {
    "ACCREC": "ACCRECPAYMENT",
    "ACCPAY": "ACCPAYPAYMENT",
    "ACCRECCREDIT": "ARCREDITPAYMENT",
    "ACCPAYCREDIT": "APCREDITPAYMENT",
}


def outstanding(kind, data):
    return Decimal(data["AmountDue" if kind == store.INVOICE else "RemainingCredit"])


def document_summary(kind, found, data):
    """The document as a payment or allocation shows it."""
    id_field, number = (
        ("InvoiceID", "InvoiceNumber")
        if kind == store.INVOICE
        else ("CreditNoteID", "CreditNoteNumber")
    )
    summary = {
        "Type": data["Type"],
        id_field: found.id,
        number: data.get(number, ""),
        "Contact": data["Contact"],
        "Status": data["Status"],
        "Total": data["Total"],
        "LineItems": [],
    }
    if kind == store.INVOICE:
        summary.update(AmountDue=data["AmountDue"], AmountPaid=data["AmountPaid"])
    else:
        summary["RemainingCredit"] = data["RemainingCredit"]
    return summary


def payment_view(lookups, found, data):
    """A stored payment with its document's current figures."""
    kind = store.INVOICE if "Invoice" in data["Target"] else store.CREDIT_NOTE
    doc = store.record(lookups.tenant_id, kind, data["Target"][kind])
    key = "Invoice" if kind == store.INVOICE else "CreditNote"
    shown = {k: v for k, v in data.items() if k != "Target"}
    summary = {key: document_summary(kind, doc, store.data_of(doc))} if doc else {}
    return render_payment(found, shown, summary)


class PaymentWriter:
    """Creates payments (and refunds of credit notes) for one tenant."""

    def __init__(self, lookups):
        self.lookups = lookups

    def _target(self, element):
        invoice = element.get("Invoice") or (
            {"InvoiceNumber": element["InvoiceNumber"]}
            if element.get("InvoiceNumber")
            else None
        )
        credit = element.get("CreditNote") or (
            {"CreditNoteNumber": element["CreditNoteNumber"]}
            if element.get("CreditNoteNumber")
            else None
        )
        if element.get("Prepayment") or element.get("Overpayment"):
            return (
                None,
                None,
                "This sandbox does not take prepayment or overpayment payments.",
            )
        if bool(invoice) == bool(credit):
            return None, None, "A payment must be for one invoice or one credit note."
        kind, given = (
            (store.INVOICE, invoice) if invoice else (store.CREDIT_NOTE, credit)
        )
        if not isinstance(given, dict):
            return None, None, NOT_FOUND
        id_field = "InvoiceID" if invoice else "CreditNoteID"
        number_field = "InvoiceNumber" if invoice else "CreditNoteNumber"
        found = None
        if given.get(id_field):
            found = store.record(self.lookups.tenant_id, kind, given[id_field])
        elif given.get(number_field):
            found = self.lookups.document_by_number(kind, str(given[number_field]))
        return kind, found, None if found else NOT_FOUND

    def _account(self, element, errors):
        given = (
            element.get("Account") if isinstance(element.get("Account"), dict) else {}
        )
        account = None
        if given.get("AccountID"):
            account = self.lookups.account_by_id(given["AccountID"])
        elif given.get("Code") or element.get("Code"):
            account = self.lookups.account_by_code(
                str(given.get("Code") or element["Code"])
            )
        if account is None or account.get("Status") != "ACTIVE":
            errors.append("Account must be valid.")
            return None
        if account["Type"] != "BANK" and not account.get("EnablePaymentsToAccount"):
            errors.append(
                "Payments can only be made to a bank account or an account with "
                "payments enabled."
            )
            return None
        return account

    def write(self, element):
        if not isinstance(element, dict):
            return Outcome({}, errors=["Each element must be an object."])
        errors = []
        kind, doc, problem = self._target(element)
        if problem:
            errors.append(problem)
        account = self._account(element, errors)
        amount = to_decimal(element.get("Amount"))
        iso = (
            parse_date(element.get("Date"))
            if element.get("Date")
            else today().isoformat()
        )
        if iso is None:
            errors.append("Date is not a valid date.")
        if amount is None or amount <= 0:
            errors.append("Payment amount must be greater than zero.")
        doc_data = store.data_of(doc) if doc else None
        if doc_data is not None:
            if doc_data["Status"] != "AUTHORISED":
                errors.append(NOT_AUTHORISED)
            elif amount is not None and amount > outstanding(kind, doc_data):
                errors.append(EXCEEDS)
        if iso and not errors:
            message = lock_date_error(self.lookups, iso)
            if message:
                errors.append(message)
        if errors:
            return Outcome(element, errors=errors)
        return self._save(element, kind, doc, doc_data, account, amount, iso)

    def _save(self, element, kind, doc, doc_data, account, amount, iso):
        amount = amount.quantize(Decimal("0.01"))
        data = {
            "Date": iso,
            "BankAmount": amount,
            "Amount": amount,
            "Reference": str(element.get("Reference") or ""),
            "CurrencyRate": Decimal(1),
            "PaymentType": PAYMENT_TYPES[doc_data["Type"]],
            "Status": "AUTHORISED",
            "IsReconciled": bool(element.get("IsReconciled", False)),
            "Account": {
                "AccountID": account["AccountID"],
                "Code": account["Code"],
                "Name": account["Name"],
            },
            "Target": {kind: doc.id},
        }
        found = store.add(
            self.lookups.tenant_id, store.PAYMENT, data, status="AUTHORISED"
        )
        summary = {
            "PaymentID": found.id,
            "Date": iso,
            "Amount": amount,
            "Reference": data["Reference"],
            "CurrencyRate": Decimal(1),
            "HasAccount": False,
            "HasValidationErrors": False,
        }
        if kind == store.INVOICE:
            doc_data["AmountPaid"] = Decimal(doc_data["AmountPaid"]) + amount
        else:
            doc_data["AppliedAmount"] = Decimal(doc_data["AppliedAmount"]) + amount
        doc_data["Payments"].append(summary)
        settle(kind, doc_data)
        store.save(doc, doc_data, status=doc_data["Status"])
        return Outcome(element, item=payment_view(self.lookups, found, data))

    def delete(self, found):
        """Payments cannot be edited, only deleted; the document owes again."""
        data = store.data_of(found)
        if data["Status"] == "DELETED":
            return Outcome({}, errors=["This payment has already been deleted."])
        message = lock_date_error(self.lookups, data["Date"])
        if message:
            return Outcome({}, errors=[message])
        kind = store.INVOICE if "Invoice" in data["Target"] else store.CREDIT_NOTE
        doc = store.record(self.lookups.tenant_id, kind, data["Target"][kind])
        doc_data = store.data_of(doc)
        field = "AmountPaid" if kind == store.INVOICE else "AppliedAmount"
        doc_data[field] = Decimal(doc_data[field]) - Decimal(data["Amount"])
        doc_data["Payments"] = [
            p for p in doc_data["Payments"] if p["PaymentID"] != found.id
        ]
        settle(kind, doc_data)
        store.save(doc, doc_data, status=doc_data["Status"])
        data["Status"] = "DELETED"
        store.save(found, data, status="DELETED")
        return Outcome({}, item=payment_view(self.lookups, found, data))
