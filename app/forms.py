"""Form fields and checks shared by every area."""

from datetime import date

from wtforms import DateField, StringField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from app.money import parse_decimal, whole_number

UK_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def form_id(value):
    """Coerce a posted id for a select: anything that is not a sane id becomes 0."""
    from app.models.base import MAX_ID

    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        # int() would also take " 12", "1_2" and "１２".
        number = whole_number(value, digits=19)
    return number if number is not None and 0 < number < MAX_ID else 0


class DecimalText(StringField):
    """Text parsed as a Decimal with a plain message; `.decimal` holds the value."""

    def __init__(self, label=None, places=2, minimum=None, maximum=None, **kwargs):
        super().__init__(label, **kwargs)
        self.places, self.minimum, self.maximum = places, minimum, maximum
        self.decimal = None

    def pre_validate(self, form):
        try:
            self.decimal = parse_decimal(
                self.data,
                places=self.places,
                label=self.label.text,
                minimum=self.minimum,
                maximum=self.maximum,
            )
        except ValueError as error:
            self.decimal = None
            raise ValidationError(str(error)) from None


class UKDateField(DateField):
    """A date from a date picker (ISO) or typed as dd/mm/yyyy."""

    def __init__(self, label=None, validators=None, **kwargs):
        # DataRequired would replace "enter a date like..." with "required" when
        # the text does not parse; InputRequired only fires when nothing was typed.
        validators = [
            InputRequired(v.message) if isinstance(v, DataRequired) else v
            for v in validators or ()
        ]
        super().__init__(label, validators, format=UK_DATE_FORMATS, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(
                f"{self.label.text}: enter a date like 31/01/2026."
            ) from None

    def pre_validate(self, form):
        if self.data and not date(1900, 1, 1) <= self.data <= date(2199, 12, 31):
            raise ValidationError(f"{self.label.text} is out of range.")
