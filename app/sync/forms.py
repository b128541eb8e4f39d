"""The sync options form: a box per option in app.sync.kinds, then how to send."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField

from app.forms import form_id
from app.providers.registry import CLIENTS
from app.sync.kinds import OPTIONS

# Made before the form's other fields, so they keep their place first in it.
OPTION_BOXES = {option.name: BooleanField(option.label) for option in OPTIONS}


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


class SyncOptionsForm(FlaskForm):
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

    def option_boxes(self):
        """The option boxes, bound, in run order."""
        return [self[name] for name in OPTION_BOXES]


for _name, _box in OPTION_BOXES.items():
    setattr(SyncOptionsForm, _name, _box)
