"""The export form: what, which format, and the filters, each checked with a message."""

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from app.exports import formats
from app.extensions import db
from app.forms import UKDateField, form_id
from app.models import Customer, Supplier

PACKAGE_STATUSES = ("", "approved")
DOCUMENT_STATUSES = ("", "approved", "draft", "void")
CONTACT_STATUSES = ("", "active", "inactive")
STATUS_CHOICES = [
    ("", "Any status"),
    ("approved", "Approved"),
    ("draft", "Draft"),
    ("void", "Void"),
    ("active", "Active (customers, suppliers)"),
    ("inactive", "Inactive (customers, suppliers)"),
]


class ExportForm(FlaskForm):
    kind = SelectField(
        "What",
        choices=list(formats.KINDS.items()),
        validate_choice=False,  # checked in validate() with a plainer message
    )
    format = SelectField(
        "Format", choices=list(formats.FORMATS.items()), validate_choice=False
    )
    date_from = UKDateField("From", validators=[Optional()])
    date_to = UKDateField("To", validators=[Optional()])
    status = SelectField("Status", choices=STATUS_CHOICES, validate_choice=False)
    customer_id = SelectField("Customer", coerce=form_id, validate_choice=False)
    supplier_id = SelectField("Supplier", coerce=form_id, validate_choice=False)

    def bind(self, company_id):
        """Every customer and supplier, inactive ones too: their documents remain."""
        for field, model, prompt in (
            (self.customer_id, Customer, "All customers"),
            (self.supplier_id, Supplier, "All suppliers"),
        ):
            rows = db.session.execute(
                sa.select(model.id, model.name)
                .where(model.company_id == company_id)
                .order_by(model.name, model.id)
            )
            field.choices = [(0, prompt), *((row.id, row.name) for row in rows)]
        return self

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        kind, fmt = self.kind.data, self.format.data
        refused = formats.refusal(fmt, kind)
        if refused:
            field = self.kind if kind not in formats.KINDS else self.format
            field.errors = [*field.errors, refused]
            return False
        checks = (
            self.check_dates(kind),
            self.check_status(kind, fmt),
            self.check_party(self.customer_id, kind, ("purchase_invoices", "suppliers"),
                             "a supplier"),
            self.check_party(self.supplier_id, kind,
                             tuple(k for k in formats.KINDS
                                   if k not in ("purchase_invoices", "suppliers")),
                             "a customer"),
        )  # fmt: skip
        return valid and all(checks)

    def check_dates(self, kind):
        start, end = self.date_from.data, self.date_to.data
        if kind in formats.CONTACT_KINDS and (start or end):
            what = formats.KINDS[kind].lower()
            self.date_from.errors.append(
                f"Dates do not apply to {what}; leave them empty."
            )
            return False
        if start and end and start > end:
            self.date_to.errors.append("The end date is before the start date.")
            return False
        return True

    def check_status(self, kind, fmt):
        status = self.status.data or ""
        if kind == "payments":
            allowed, why = ("",), "Payments have no status; choose Any status."
        elif kind in formats.CONTACT_KINDS:
            allowed = CONTACT_STATUSES
            why = f"{formats.KINDS[kind]} are active or inactive; choose one of those."
        elif fmt != "ledgerbridge":
            allowed = PACKAGE_STATUSES
            why = (
                f"{formats.FORMATS[fmt]} takes approved documents only; drafts and "
                "void ones go in the LedgerBridge CSV."
            )
        else:
            allowed = DOCUMENT_STATUSES
            why = "Documents are draft, approved or void; choose one of those."
        if status not in allowed:
            self.status.errors.append(why)
            return False
        return True

    def check_party(self, field, kind, wrong_kinds, instead):
        if field.data and kind in wrong_kinds:
            field.errors.append(
                f"A {field.label.text.lower()} filter does not apply to "
                f"{formats.KINDS[kind].lower()}; choose {instead} instead."
            )
            return False
        typed = (field.raw_data or [""])[0].strip()
        if typed not in ("", "0") and not field.data:
            field.errors.append(f"Choose a {field.label.text.lower()} from the list.")
            return False
        if field.data and field.data not in {value for value, _ in field.choices}:
            field.errors.append(f"Choose a {field.label.text.lower()} from the list.")
            return False
        return True

    def filters(self, kind, fmt):
        """The checked filters as plain JSON values."""
        status = self.status.data or ""
        if not status and kind in formats.DOCUMENT_KINDS and fmt != "ledgerbridge":
            status = "approved"  # the packages take approved documents only
        return {
            "date_from": self.date_from.data.isoformat() if self.date_from.data else "",
            "date_to": self.date_to.data.isoformat() if self.date_to.data else "",
            "status": status,
            "customer_id": self.customer_id.data or None,
            "supplier_id": self.supplier_id.data or None,
        }
