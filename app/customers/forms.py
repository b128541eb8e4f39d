"""The contact form customers and suppliers share."""

from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp


def strip(value):
    return (value or "").strip()


def blank_to_none(value):
    # Several contacts may have no account number; the unique index allows
    # many NULLs but only one "".
    return strip(value) or None


def upper(value):
    return strip(value).upper()


def country_code(value):
    return upper(value) or "GB"


def at_most(limit, what):
    return Length(max=limit, message=f"Keep the {what} to {limit} characters or fewer.")


class ContactForm(FlaskForm):
    name = StringField(
        "Name",
        filters=[strip],
        validators=[DataRequired("Enter a name."), at_most(200, "name")],
    )
    account_number = StringField(
        "Account number",
        filters=[blank_to_none],
        validators=[Optional(), at_most(50, "account number")],
        description="Your own reference, like C0001. Leave blank if unused.",
    )
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[
            Optional(),
            at_most(254, "email address"),
            Email("Enter an email address like accounts@example.co.uk."),
        ],
    )
    phone = StringField("Phone", filters=[strip], validators=[at_most(40, "phone")])
    address_line1 = StringField(
        "Address line 1", filters=[strip], validators=[at_most(200, "address line")]
    )
    address_line2 = StringField(
        "Address line 2", filters=[strip], validators=[at_most(200, "address line")]
    )
    city = StringField(
        "Town or city", filters=[strip], validators=[at_most(100, "town or city")]
    )
    postcode = StringField(
        "Postcode", filters=[upper], validators=[at_most(20, "postcode")]
    )
    country = StringField(
        "Country",
        default="GB",
        filters=[country_code],
        validators=[
            Regexp(r"^[A-Z]{2}\Z", message="Use the two-letter country code, like GB."),
        ],
        description="Two letters: GB, IE, FR…",
    )
