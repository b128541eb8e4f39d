"""The invoice form: header fields plus the shared lines."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms import UKDateField
from app.line_editor import lines_field


class InvoiceForm(FlaskForm):
    customer_id = SelectField("Customer", coerce=int, default=0)
    number = StringField(
        "Invoice number",
        validators=[DataRequired("Give the invoice a number."), Length(max=40)],
    )
    issue_date = UKDateField(
        "Issue date", validators=[DataRequired("Enter the issue date.")]
    )
    due_date = UKDateField("Due date", validators=[DataRequired("Enter the due date.")])
    reference = StringField("Reference", validators=[Optional(), Length(max=200)])
    lines = lines_field()

    def validate_customer_id(self, field):
        if not field.data:
            raise ValidationError("Choose a customer.")

    def validate_due_date(self, field):
        if self.issue_date.data and field.data and field.data < self.issue_date.data:
            raise ValidationError("The due date cannot be before the issue date.")
