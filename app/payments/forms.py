"""The payment form, used on the invoice page and on the payments page."""

from datetime import date
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms import DecimalText, UKDateField, form_id
from app.models import Payment


class PaymentForm(FlaskForm):
    invoice_id = SelectField("Invoice", coerce=form_id, default=0)
    payment_date = UKDateField(
        "Payment date",
        validators=[DataRequired("Enter the date it was paid.")],
        default=date.today,
    )
    amount = DecimalText("Amount", places=2, minimum=Decimal("0.01"))
    method = SelectField("Method", choices=list(Payment.METHODS.items()))
    reference = StringField("Reference", validators=[Optional(), Length(max=200)])

    def validate_invoice_id(self, field):
        if not field.data:
            raise ValidationError("Choose the invoice this pays.")
