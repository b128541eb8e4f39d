"""The purchase invoice form: the supplier and their number, then the bill."""

from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.forms import form_id
from app.line_editor import BillForm


class PurchaseInvoiceForm(BillForm):
    supplier_id = SelectField("Supplier", coerce=form_id, default=0)
    number = StringField(
        "Supplier's invoice number",
        validators=[
            DataRequired("Enter the number printed on the supplier's invoice."),
            Length(max=40),
        ],
    )

    def validate_supplier_id(self, field):
        if not field.data:
            raise ValidationError("Choose a supplier.")
