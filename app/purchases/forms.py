"""The purchase invoice form: supplier, their number, dates and the shared lines."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms import UKDateField
from app.line_editor import lines_field


class PurchaseInvoiceForm(FlaskForm):
    supplier_id = SelectField("Supplier", coerce=int, default=0)
    number = StringField(
        "Supplier's invoice number",
        validators=[
            DataRequired("Enter the number printed on the supplier's invoice."),
            Length(max=40),
        ],
    )
    issue_date = UKDateField(
        "Issue date", validators=[DataRequired("Enter the issue date.")]
    )
    due_date = UKDateField("Due date", validators=[DataRequired("Enter the due date.")])
    reference = StringField("Reference", validators=[Optional(), Length(max=200)])
    lines = lines_field()

    def validate_supplier_id(self, field):
        if not field.data:
            raise ValidationError("Choose a supplier.")

    def validate_due_date(self, field):
        if self.issue_date.data and field.data and field.data < self.issue_date.data:
            raise ValidationError("The due date cannot be before the issue date.")
