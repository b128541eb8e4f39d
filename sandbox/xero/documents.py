"""Invoices and credit notes: Xero's rules for creating and updating them."""

from decimal import Decimal

from sandbox.xero import lines as line_rules
from sandbox.xero import store
from sandbox.xero.batch import Outcome
from sandbox.xero.contacts import ARCHIVED_MESSAGE, mark_contact, resolve_contact
from sandbox.xero.render import render_document
from sandbox.xero.rules import lock_date_error
from sandbox.xero.wire import parse_date, today

KINDS = {
    store.INVOICE: {
        "id": "InvoiceID",
        "number": "InvoiceNumber",
        "types": ("ACCREC", "ACCPAY"),
        "label": "Invoice",
        "prefix": "INV-",
        "counter": "next_invoice_number",
    },
    store.CREDIT_NOTE: {
        "id": "CreditNoteID",
        "number": "CreditNoteNumber",
        "types": ("ACCRECCREDIT", "ACCPAYCREDIT"),
        "label": "Credit Note",
        "prefix": "CN-",
        "counter": "next_credit_note_number",
    },
}
COPIED = (
    "Reference",
    "Url",
    "BrandingThemeID",
    "SentToContact",
    "ExpectedPaymentDate",
    "PlannedPaymentDate",
)
EDITABLE_FROM = {
    "DRAFT": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
    "SUBMITTED": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
    "AUTHORISED": {"AUTHORISED", "VOIDED"},
}
ALLOCATED_MESSAGE = (
    "This document cannot be edited as it has a payment or credit note allocated to it."
)


def settle(kind, data):
    """Amounts due and credit left, and PAID once nothing is outstanding."""
    total = Decimal(data["Total"])
    if kind == store.INVOICE:
        paid = Decimal(data.get("AmountPaid", 0))
        credited = Decimal(data.get("AmountCredited", 0))
        data["AmountPaid"], data["AmountCredited"] = paid, credited
        data["AmountDue"] = total - paid - credited
        outstanding = data["AmountDue"]
        data.setdefault("CreditNotes", [])
    else:
        applied = Decimal(data.get("AppliedAmount", 0))
        data["AppliedAmount"] = applied
        data["RemainingCredit"] = total - applied
        outstanding = data["RemainingCredit"]
        data.setdefault("Allocations", [])
    data.setdefault("Payments", [])
    status = data["Status"]
    if status in ("VOIDED", "DELETED"):
        data["AmountDue" if kind == store.INVOICE else "RemainingCredit"] = Decimal(0)
    elif status == "AUTHORISED" and outstanding == 0 and total > 0:
        data["Status"] = "PAID"
        data["FullyPaidOnDate"] = today().isoformat()
    elif status == "PAID" and outstanding > 0:
        data["Status"] = "AUTHORISED"  # a payment was deleted
        data.pop("FullyPaidOnDate", None)


class DocumentWriter:
    """Creates or updates invoices (or credit notes) of one tenant."""

    def __init__(self, kind, tenant_id, lookups=None, unitdp=2):
        self.kind = kind
        self.spec = KINDS[kind]
        self.tenant_id = tenant_id
        self.lookups = lookups or store.Lookups(tenant_id)
        self.unitdp = unitdp

    def find(self, element):
        """The existing document an update names (by id, then number), or None."""
        given_id = element.get(self.spec["id"])
        if given_id:
            return store.record(self.tenant_id, self.kind, given_id), True
        number = element.get(self.spec["number"])
        if number:
            return self.lookups.document_by_number(self.kind, str(number)), False
        return None, False

    def write_all(self, items, create_only=False, target=None):
        """Every element of a batch, numbers looked up together first."""
        field = self.spec["number"]
        self.lookups.prefetch_numbers(
            self.kind, [i.get(field) for i in items if isinstance(i, dict)]
        )
        return [self.write(item, create_only, target) for item in items]

    def write(self, element, create_only=False, target=None):
        if not isinstance(element, dict):
            return Outcome({}, errors=["Each element must be an object."])
        existing, by_id = (target, True) if target else (None, False)
        if target is None and not create_only:
            existing, by_id = self.find(element)
            if existing is None and by_id:
                return Outcome(
                    element,
                    errors=[
                        "The document with the supplied id was not found for this "
                        "endpoint."
                    ],
                )
        old = store.data_of(existing) if existing else {}
        self.current_id = existing.id if existing else None
        errors = []
        data = self._merge(old, element, errors)
        if existing is not None:
            self._check_change(old, data, element, errors)
        if errors:
            return Outcome(element, errors=errors)
        return self._save(existing, data, element)

    def _merge(self, old, element, errors):
        """The document as it would be after this element, with rule messages."""
        label = self.spec["label"]
        data = dict(old)
        data.update({key: element[key] for key in COPIED if key in element})
        doc_type = element.get("Type", old.get("Type"))
        if doc_type not in self.spec["types"]:
            errors.append(
                f"{label} Type must be one of: {', '.join(self.spec['types'])}."
            )
        data["Type"] = doc_type
        status = element.get("Status", old.get("Status", "DRAFT"))
        if not old and status not in ("DRAFT", "SUBMITTED", "AUTHORISED"):
            errors.append(f"{label} not of valid status for creation")
        data["Status"] = status
        if "Contact" in element or not old:
            snapshot, contact_errors = resolve_contact(
                self.lookups, element.get("Contact"), for_document=True
            )
            errors.extend(contact_errors)
            data["Contact"] = snapshot
        elif status != old.get("Status") and status in ("SUBMITTED", "AUTHORISED"):
            # Approving a draft whose contact was archived since it was saved.
            found = self.lookups.contact(old["Contact"].get("ContactID"))
            if found and store.data_of(found).get("ContactStatus") != "ACTIVE":
                errors.append(ARCHIVED_MESSAGE)
        for key in ("Date", "DueDate"):
            if element.get(key) is not None:
                iso = parse_date(element[key])
                if iso is None:
                    errors.append(f"{key} is not a valid date.")
                data[key] = iso
        data.setdefault("Date", today().isoformat())
        if element.get("CurrencyCode", "GBP") != "GBP":
            errors.append(
                f"Organisation is not subscribed to currency {element['CurrencyCode']}"
            )
        data["CurrencyCode"], data["CurrencyRate"] = "GBP", Decimal(1)
        amount_types = element.get(
            "LineAmountTypes", old.get("LineAmountTypes", "Exclusive")
        )
        if amount_types not in line_rules.LINE_AMOUNT_TYPES:
            errors.append(f"The LineAmountTypes value '{amount_types}' is not valid.")
            amount_types = "Exclusive"
        data["LineAmountTypes"] = amount_types
        raw_lines = element.get("LineItems", old.get("LineItems", []))
        if not isinstance(raw_lines, list):
            errors.append("LineItems must be a list.")
            raw_lines = []
        data["LineItems"], line_errors = line_rules.build_lines(
            raw_lines,
            old.get("LineItems"),
            doc_type,
            status,
            amount_types,
            self.lookups,
            self.unitdp,
        )
        errors.extend(line_errors)
        data["SubTotal"], data["TotalTax"], data["Total"] = line_rules.totals(
            data["LineItems"], amount_types
        )
        self._number(data, element, old, errors)
        if status in ("SUBMITTED", "AUTHORISED") and data.get("Date"):
            message = lock_date_error(self.lookups, data["Date"])
            if message:
                errors.append(message)
        return data

    def _number(self, data, element, old, errors):
        field = self.spec["number"]
        number = element.get(field, old.get(field))
        if number is not None:
            number = str(number).strip()
        sales = data["Type"] in line_rules.SALES_TYPES
        if sales and number:
            clash = self.lookups.document_by_number(self.kind, number)
            if clash is not None and clash.id != self.current_id:
                errors.append(f"{self.spec['label']} # must be unique.")
        data[field] = number or ""

    def _check_change(self, old, data, element, errors):
        label = self.spec["label"]
        if old["Status"] not in EDITABLE_FROM:
            errors.append(f"{label} not of valid status for modification")
            return
        if data["Status"] not in EDITABLE_FROM[old["Status"]]:
            errors.append(f"{label} not of valid status for modification")
            return
        allocated = old.get("AmountPaid", 0) or old.get("AmountCredited", 0)
        allocated = allocated or old.get("AppliedAmount", 0)
        touched = {"LineItems", "Contact", "Date", "LineAmountTypes"} & set(element)
        voiding = data["Status"] == "VOIDED"
        if allocated and (touched or voiding):
            errors.append(ALLOCATED_MESSAGE)

    def _save(self, existing, data, element):
        field = self.spec["number"]
        sales = data["Type"] in line_rules.SALES_TYPES
        if sales and not data[field]:
            data[field] = self._next_number()
        settle(self.kind, data)
        columns = {
            "number": data[field] or None,
            "status": data["Status"],
            "unique_key": f"{data['Type']}:{data[field]}"
            if sales and data[field]
            else None,
            "name_key": data["Contact"].get("ContactID"),
        }
        old_number = existing.number if existing is not None else None
        if existing is None:
            found = store.add(self.tenant_id, self.kind, data, **columns)
            mark_contact(self.lookups, data)
        else:
            store.save(existing, data, **columns)
            found = existing
        self.lookups.numbered(self.kind, columns["number"], found, old_number)
        return Outcome(element, item=render_document(self.kind, found, data))

    def _next_number(self):
        org = self.lookups.organisation
        counter = self.spec["counter"]
        while True:
            number = f"{self.spec['prefix']}{getattr(org, counter):04d}"
            setattr(org, counter, getattr(org, counter) + 1)
            if self.lookups.document_by_number(self.kind, number) is None:
                return number
