"""Forms for the people who sign in to the company, and the rules they share
with `flask create-admin`."""

import email_validator
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.models import User

MIN_PASSWORD = 10
MAX_PASSWORD = 200
MAX_EMAIL = 254  # the column, and what SMTP allows
ROLE_CHOICES = [(User.OFFICE, "Office"), (User.ADMIN, "Admin")]


def email_error(email):
    """Why this address cannot be a sign-in email, or None when it can."""
    if not email:
        return "Enter an email address."
    if len(email) > MAX_EMAIL:
        return f"Use an email address of at most {MAX_EMAIL} characters."
    try:
        email_validator.validate_email(email, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return "Enter a valid email address, like name@company.co.uk."
    return None


def password_error(password):
    """Why this password is refused, or None when it is long enough."""
    if not password:
        return "Enter a password."
    if len(password) < MIN_PASSWORD:
        return f"Use at least {MIN_PASSWORD} characters."
    if len(password) > MAX_PASSWORD:
        return f"Use at most {MAX_PASSWORD} characters."
    return None


def follows(rule):
    """A WTForms validator from one of the rules above."""

    def check(_form, field):
        message = rule(field.data)
        if message:
            raise ValidationError(message)

    return check


def strip(value):
    return value.strip() if isinstance(value, str) else value


def password_fields(label):
    """A password and its confirmation, with the same rules everywhere."""
    password = PasswordField(
        label,
        validators=[DataRequired("Enter a password."), follows(password_error)],
        description=f"At least {MIN_PASSWORD} characters.",
    )
    confirm = PasswordField(
        "Type it again",
        validators=[
            DataRequired("Type the password again."),
            EqualTo("password", "The two passwords do not match."),
        ],
    )
    return password, confirm


class UserDetailsForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired("Enter the person's name."), Length(max=120)]
    )
    role = SelectField(
        "Role",
        choices=ROLE_CHOICES,
        description="Admins can also manage users, codes and settings.",
    )


class NewUserForm(UserDetailsForm):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter an email address."), follows(email_error)],
        filters=[strip],
    )
    password, confirm = password_fields("Password")


class EditUserForm(UserDetailsForm):
    active = BooleanField("Can sign in")


class ResetPasswordForm(FlaskForm):
    password, confirm = password_fields("New password")
