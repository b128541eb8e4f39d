"""The app credentials form and the sync options form."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import form_id
from app.providers.registry import CLIENTS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _listed(labels):
    return " and ".join(labels)


def drafts_note():
    """Which packages take draft invoices, from the providers' own attributes."""
    drafts = [client.label for client in CLIENTS.values() if client.sends_drafts]
    others = [client.label for client in CLIENTS.values() if not client.sends_drafts]
    if not drafts or not others:
        return ""
    verb = "has" if len(others) == 1 else "have"
    return (
        f"{_listed(drafts)} only: {_listed(others)} {verb} no draft invoices, "
        "so every invoice arrives there ready to be paid."
    )


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
        choices=[("approved", "Approved (awaiting payment)"), ("draft", "Draft")],
        default="approved",
        description=drafts_note(),
    )
    default_sales_nominal_code_id = SelectField(
        "Default sales nominal code",
        coerce=form_id,
        default=0,
        validate_choice=False,
        description="Used on a line whose own nominal code the package lacks.",
    )
    bank_nominal_code_id = SelectField(
        "Bank account for payments", coerce=form_id, default=0, validate_choice=False
    )
    auto_sync = SelectField(
        "Automatic sync",
        choices=[("off", "Off"), ("hourly", "Every hour"), ("daily", "Once a day")],
        default="off",
        description="Runs in the background with the options above.",
    )
