"""The credit note form: header fields plus the shared lines."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms import UKDateField
from app.line_editor import lines_field


class CreditNoteForm(FlaskForm):
    customer_id = SelectField("Customer", coerce=int, default=0)
    invoice_id = SelectField(
        "Against invoice",
        coerce=int,
        default=0,
        description="Optional: the approved invoice this credit note reduces.",
    )
    number = StringField(
        "Credit note number",
        validators=[DataRequired("Give the credit note a number."), Length(max=40)],
    )
    issue_date = UKDateField(
        "Issue date", validators=[DataRequired("Enter the issue date.")]
    )
    reference = StringField("Reference", validators=[Optional(), Length(max=200)])
    lines = lines_field()

    def validate_customer_id(self, field):
        if not field.data:
            raise ValidationError("Choose a customer.")
