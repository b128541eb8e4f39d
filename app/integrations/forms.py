"""The app credentials form and the sync options form."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import form_id


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CredentialsForm(FlaskForm):
    client_id = StringField(
        "Client ID",
        validators=[DataRequired("Paste the Client ID of your app."), Length(max=200)],
        filters=[_strip],
    )
    # Left blank means: keep the saved secret; it is never shown back.
    client_secret = PasswordField(
        "Client Secret", validators=[Optional(), Length(max=500)], filters=[_strip]
    )


class SyncOptionsForm(FlaskForm):
    pull_codes = BooleanField("Pull tax codes and nominal codes")
    pull_customers = BooleanField("Pull customers")
    push_invoices = BooleanField("Push sales invoices")
    push_credit_notes = BooleanField("Push credit notes")
    push_payments = BooleanField("Push payments")
    invoice_status = SelectField(
        "Send invoices as",
        choices=[("draft", "Draft"), ("approved", "Approved (awaiting payment)")],
        default="draft",
        description="Xero only: QuickBooks Online has no draft invoices, "
        "so every invoice arrives there ready to be paid.",
    )
    default_sales_nominal_code_id = SelectField(
        "Default sales nominal code", coerce=form_id, default=0, validate_choice=False
    )
