"""The sign-in form."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, StopValidation

from app.settings.forms import MAX_EMAIL, MAX_PASSWORD


def at_most(length, message):
    """Refuse (and forget) a value past `length` before any other check reads it,
    so a huge post costs nothing and is never echoed back."""

    def check(_form, field):
        if field.data and len(field.data) > length:
            field.data = ""
            raise StopValidation(message)

    return check


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            at_most(MAX_EMAIL, f"Email addresses have at most {MAX_EMAIL} characters."),
            DataRequired(),
            Email(),
        ],
        filters=[lambda value: value.strip() if value else value],
    )
    password = PasswordField(
        "Password",
        validators=[
            at_most(MAX_PASSWORD, f"Passwords have at most {MAX_PASSWORD} characters."),
            DataRequired(),
        ],
    )
    remember = BooleanField("Keep me signed in")
