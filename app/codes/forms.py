"""Forms for tax codes and nominal codes."""

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.forms import DecimalText
from app.line_editor import plain
from app.models import NominalCode


class TaxCodeForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired("Give the tax code a name."), Length(max=100)]
    )
    code = StringField(
        "Code",
        validators=[DataRequired("Enter a short code, like T1."), Length(max=40)],
    )
    rate = DecimalText(
        "Rate",
        places=4,
        minimum=Decimal(0),
        maximum=Decimal(100),
        description="A percentage from 0 to 100, e.g. 20 for standard-rate VAT.",
    )

    def fill(self, row):
        self.name.data, self.code.data = row.name, row.code
        self.rate.data = plain(row.rate, 0)

    def apply(self, row):
        row.name = self.name.data.strip()
        row.code = self.code.data.strip()
        row.rate = self.rate.decimal


class NominalCodeForm(FlaskForm):
    code = StringField(
        "Code",
        validators=[DataRequired("Enter the account code, like 5000."), Length(max=20)],
    )
    name = StringField(
        "Name",
        validators=[DataRequired("Give the nominal code a name."), Length(max=150)],
    )
    type = SelectField(
        "Type",
        choices=[("", "Choose a type…")]
        + [(t, t.capitalize()) for t in NominalCode.TYPES],
        validate_choice=False,
    )

    def validate_type(self, field):
        if field.data not in NominalCode.TYPES:
            raise ValidationError("Choose a type from the list.")

    def fill(self, row):
        self.code.data, self.name.data, self.type.data = row.code, row.name, row.type

    def apply(self, row):
        row.code = self.code.data.strip()
        row.name = self.name.data.strip()
        row.type = self.type.data
