"""The invoice form: the customer and our number, then what every bill has."""

from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.forms import form_id
from app.line_editor import BillForm


class InvoiceForm(BillForm):
    customer_id = SelectField("Customer", coerce=form_id, default=0)
    number = StringField(
        "Invoice number",
        validators=[DataRequired("Give the invoice a number."), Length(max=40)],
    )

    def validate_customer_id(self, field):
        if not field.data:
            raise ValidationError("Choose a customer.")
