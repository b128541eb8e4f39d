"""Forms for the people who sign in to the company."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.models import User

MIN_PASSWORD = 10
ROLE_CHOICES = [(User.OFFICE, "Office"), (User.ADMIN, "Admin")]


def strip(value):
    return value.strip() if isinstance(value, str) else value


def password_fields(label):
    """A password and its confirmation, with the same rules everywhere."""
    password = PasswordField(
        label,
        validators=[
            DataRequired("Enter a password."),
            Length(
                min=MIN_PASSWORD,
                max=200,
                message=f"Use at least {MIN_PASSWORD} characters.",
            ),
        ],
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
        validators=[
            DataRequired("Enter an email address."),
            Email("Enter a valid email address, like name@company.co.uk."),
            Length(max=254),
        ],
        filters=[strip],
    )
    password, confirm = password_fields("Password")


class EditUserForm(UserDetailsForm):
    active = BooleanField("Can sign in")


class ResetPasswordForm(FlaskForm):
    password, confirm = password_fields("New password")
