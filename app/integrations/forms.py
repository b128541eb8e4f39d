"""The app credentials form (the sync options form is app.sync.forms)."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional


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
