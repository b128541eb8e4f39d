"""The credit note form: customer, invoice credited, number, then the document."""

from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.forms import form_id
from app.line_editor import DocumentForm


class CreditNoteForm(DocumentForm):
    customer_id = SelectField("Customer", coerce=form_id, default=0)
    invoice_id = SelectField(
        "Against invoice",
        coerce=form_id,
        default=0,
        description="Optional: the approved invoice this credit note reduces.",
    )
    number = StringField(
        "Credit note number",
        validators=[DataRequired("Give the credit note a number."), Length(max=40)],
    )

    def validate_customer_id(self, field):
        if not field.data:
            raise ValidationError("Choose a customer.")
