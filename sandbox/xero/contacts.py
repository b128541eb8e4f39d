"""Contacts: Xero's rules for names, numbers and archived contacts."""

from sandbox.xero import store
from sandbox.xero.batch import Outcome
from sandbox.xero.render import render_contact

WRITABLE = (
    "Name",
    "ContactNumber",
    "AccountNumber",
    "ContactStatus",
    "FirstName",
    "LastName",
    "CompanyNumber",
    "EmailAddress",
    "ContactPersons",
    "BankAccountDetails",
    "TaxNumber",
    "AccountsReceivableTaxType",
    "AccountsPayableTaxType",
    "Addresses",
    "Phones",
    "DefaultCurrency",
    "SalesDefaultAccountCode",
    "PurchasesDefaultAccountCode",
    "PaymentTerms",
)
IDENTIFY_MESSAGE = (
    "The Contact must contain at least 1 of the following elements to identify "
    "the contact: Name, ContactID, ContactNumber"
)
ARCHIVED_MESSAGE = (
    "The contact with the specified contact details has been archived. The "
    "contact must be un-archived before creating new invoices or credit notes."
)


def duplicate_name_message(name):
    return (
        f"The contact name {name} is already assigned to another contact. The "
        "contact name must be unique across all active contacts."
    )


def contact_columns(data):
    """Indexed columns: only an active contact's name takes the unique slot."""
    key = store.name_key(data.get("Name"))
    active = data.get("ContactStatus", "ACTIVE") == "ACTIVE"
    return {
        "name_key": key,
        "unique_key": f"name:{key}" if active else None,
        "number": data.get("ContactNumber") or None,
        "status": data.get("ContactStatus", "ACTIVE"),
    }


def snapshot(found, data):
    """The contact summary a document carries."""
    return {
        "ContactID": found.id,
        "Name": data.get("Name", ""),
        "ContactStatus": data.get("ContactStatus", "ACTIVE"),
    }


def resolve_contact(lookups, given, for_document=False):
    """(summary, errors) for a document's Contact: by id, number, then name.

    As in Xero, a name that matches no contact creates a new one.
    """
    if not isinstance(given, dict) or not (
        given.get("ContactID") or given.get("ContactNumber") or given.get("Name")
    ):
        return {}, [IDENTIFY_MESSAGE]
    found = None
    if given.get("ContactID"):
        found = lookups.contact(given["ContactID"])
        if found is None:
            return {}, ["The contact with the specified ContactID could not be found."]
    elif given.get("ContactNumber"):
        found = lookups.contact_by_number(str(given["ContactNumber"]))
    if found is None and given.get("Name"):
        found = lookups.active_contact_named(given["Name"])
        if found is None:
            outcome = ContactWriter(lookups).write(
                {"Name": given["Name"], "ContactNumber": given.get("ContactNumber")},
                create_only=True,
            )
            if outcome.errors:
                return {}, outcome.errors
            found = lookups.contact(outcome.item["ContactID"])
    if found is None:
        return {}, ["The contact with the specified ContactNumber could not be found."]
    data = store.data_of(found)
    if for_document and data.get("ContactStatus") != "ACTIVE":
        return snapshot(found, data), [ARCHIVED_MESSAGE]
    return snapshot(found, data), []


def mark_contact(lookups, document):
    """Xero derives IsCustomer/IsSupplier from the documents a contact has."""
    contact_id = document["Contact"].get("ContactID")
    flag_key = (contact_id, document["Type"][:6])
    if flag_key in lookups.marked:
        return
    lookups.marked.add(flag_key)
    found = lookups.contact(contact_id)
    if found is None:
        return
    flag = "IsCustomer" if document["Type"].startswith("ACCREC") else "IsSupplier"
    data = store.data_of(found)
    if not data.get(flag):
        data[flag] = True
        store.save(found, data)


class ContactWriter:
    """Creates or updates contacts of one tenant."""

    def __init__(self, lookups):
        self.lookups = lookups
        self.tenant_id = lookups.tenant_id

    def find(self, element):
        if element.get("ContactID"):
            return self.lookups.contact(element["ContactID"]), True
        if element.get("ContactNumber"):
            found = self.lookups.contact_by_number(str(element["ContactNumber"]))
            if found is not None:
                return found, False
        if element.get("Name"):
            return self.lookups.active_contact_named(element["Name"]), False
        return None, False

    def write(self, element, create_only=False, target=None):
        if not isinstance(element, dict):
            return Outcome({}, errors=["Each element must be an object."])
        existing, by_id = target, target is not None
        if target is None and not create_only:
            existing, by_id = self.find(element)
            if existing is None and by_id:
                return Outcome(
                    element,
                    errors=[
                        "The contact with the specified ContactID could not be found."
                    ],
                )
        old = store.data_of(existing) if existing else {}
        data = dict(old)
        data.update(
            {key: element[key] for key in WRITABLE if element.get(key) is not None}
        )
        errors = self._check(existing, data)
        if errors:
            return Outcome(element, errors=errors)
        data["Name"] = data["Name"].strip()
        data.setdefault("ContactStatus", "ACTIVE")
        data.setdefault("IsSupplier", False)
        data.setdefault("IsCustomer", False)
        if existing is None:
            found = store.add(
                self.tenant_id, store.CONTACT, data, **contact_columns(data)
            )
        else:
            store.save(existing, data, **contact_columns(data))
            found = existing
        return Outcome(element, item=render_contact(found, data))

    def _check(self, existing, data):
        errors = []
        name = data.get("Name")
        if not isinstance(name, str) or not name.strip():
            return ["Contact Name cannot be empty."]
        status = data.get("ContactStatus", "ACTIVE")
        if status not in ("ACTIVE", "ARCHIVED"):
            errors.append(f"The ContactStatus '{status}' is not valid.")
        if status == "ACTIVE":
            clash = self.lookups.active_contact_named(name)
            if clash is not None and (existing is None or clash.id != existing.id):
                errors.append(duplicate_name_message(name.strip()))
        number = data.get("ContactNumber")
        if number:
            clash = self.lookups.contact_by_number(str(number))
            if clash is not None and (existing is None or clash.id != existing.id):
                errors.append(
                    "Another contact has this contact number. Please enter a "
                    "different contact number."
                )
        email = data.get("EmailAddress")
        if email and ("@" not in email or " " in email.strip()):
            errors.append("Email address must be valid.")
        return errors
