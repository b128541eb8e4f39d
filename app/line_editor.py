"""The document form and its lines editor, shared by invoices, credit notes, purchases.

Lines are added and removed by submit buttons named `action`, so the form works
without JavaScript; htmx posts the same form to a lines endpoint and swaps only
the lines table, or only the totals while the user types.
"""

from decimal import Decimal

from flask import render_template, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form, FormField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.document_limits import (
    INDEX,
    MAX_LINES,
    MAX_PRICE,
    MAX_QUANTITY,
    SHOWN_LINES,
    LinesField,
    check_form,
)
from app.extensions import db
from app.forms import DecimalText, UKDateField, form_id
from app.models.documents import line_amounts
from app.money import ZERO, read_number, whole_number

LINE_FIELDS = (
    "description",
    "quantity",
    "unit_price",
    "nominal_code_id",
    "tax_code_id",
)


class LineForm(Form):
    description = StringField(
        "Description",
        validators=[DataRequired("Describe the line."), Length(max=500)],
    )
    quantity = DecimalText(
        "Quantity", places=4, minimum=Decimal("0.0001"), maximum=MAX_QUANTITY
    )
    unit_price = DecimalText("Unit price", places=4, minimum=ZERO, maximum=MAX_PRICE)
    nominal_code_id = SelectField(
        "Nominal code", coerce=form_id, validate_choice=True, default=0
    )
    tax_code_id = SelectField(
        "Tax code", coerce=form_id, validate_choice=True, default=0
    )


def lines_field():
    return LinesField(
        FormField(LineForm), "Lines", min_entries=1, max_entries=SHOWN_LINES
    )


class DocumentForm(FlaskForm):
    """What every document's form has besides who it is for and its number."""

    issue_date = UKDateField(
        "Issue date", validators=[DataRequired("Enter the issue date.")]
    )
    reference = StringField("Reference", validators=[Optional(), Length(max=200)])
    lines = lines_field()

    def validate(self, extra_validators=None):
        """The fields, then whether the lines fit one document and its columns."""
        return super().validate(extra_validators) & check_form(self)


class BillForm(DocumentForm):
    """A document that falls due: a sales invoice, or a supplier's."""

    due_date = UKDateField("Due date", validators=[DataRequired("Enter the due date.")])

    def validate_due_date(self, field):
        if self.issue_date.data and field.data and field.data < self.issue_date.data:
            raise ValidationError("The due date cannot be before the issue date.")


def editor_action():
    """'add_line', ('remove_line', index) or None when the form is being saved."""
    action = request.form.get("action", "")
    if action == "add_line":
        return "add_line"
    if action.startswith("remove_line-") and INDEX.fullmatch(action[12:]):
        return ("remove_line", int(action[12:]))
    return None


def posted_rows():
    """The posted lines as dicts of raw text, in the order they were numbered."""
    indexes = sorted(
        {
            int(key.split("-")[1])
            for key in request.form
            if key.startswith("lines-") and INDEX.fullmatch(key.split("-")[1])
        }
    )
    return [
        {name: request.form.get(f"lines-{i}-{name}", "") for name in LINE_FIELDS}
        for i in indexes[:SHOWN_LINES]
    ]


def posted_code_ids():
    """The code ids the posted lines name (sane whole numbers only)."""
    return {
        whole_number(value)
        for row in posted_rows()
        for value in (row["nominal_code_id"], row["tax_code_id"])
        if whole_number(value, digits=9) is not None
    }


def edited_formdata(action):
    """The posted form with a line added or removed, renumbered, nothing else lost."""
    rows = posted_rows()
    if action == "add_line" and len(rows) < MAX_LINES:
        last = rows[-1] if rows else {}
        rows.append(
            {
                "description": "",
                "quantity": "1",
                "unit_price": "",
                "nominal_code_id": last.get("nominal_code_id", ""),
                "tax_code_id": last.get("tax_code_id", ""),
            }
        )
    elif isinstance(action, tuple) and len(rows) > 1 and action[1] < len(rows):
        rows.pop(action[1])
    data = MultiDict(
        (key, value)
        for key, value in request.form.items(multi=True)
        if not key.startswith("lines-") and key != "action"
    )
    for i, row in enumerate(rows):
        for name, value in row.items():
            data.add(f"lines-{i}-{name}", value)
    return data


def preview(form):
    """Per-line net and tax and the totals, from whatever lines parse so far."""
    rows, net_total, tax_total = [], ZERO, ZERO
    for entry in form.lines:
        try:
            quantity = read_number(entry.form.quantity.data)
            price = read_number(entry.form.unit_price.data)
            code_id = int(entry.form.tax_code_id.data or 0)
            if quantity is None or price is None:
                raise ValueError  # the field says why
            net, tax = line_amounts(quantity, price, form.tax_rates.get(code_id, 0))
        except (ArithmeticError, ValueError, TypeError):
            rows.append(None)
            continue
        rows.append((net, tax))
        net_total += net
        tax_total += tax
    return {
        "rows": rows,
        "net_total": net_total,
        "tax_total": tax_total,
        "total": net_total + tax_total,
    }


def fill_lines(document, form, line_class):
    """Replace the document's lines with the validated form lines and retotal."""
    document.lines.clear()
    db.session.flush()
    for position, entry in enumerate(form.lines):
        line = line_class(
            position=position,
            description=entry.form.description.data.strip(),
            quantity=entry.form.quantity.decimal,
            unit_price=entry.form.unit_price.decimal,
            nominal_code_id=entry.form.nominal_code_id.data,
            tax_code_id=entry.form.tax_code_id.data,
        )
        document.lines.append(line)
    db.session.flush()
    for line in document.lines:
        db.session.refresh(line, ["tax_code"])
    document.recalculate()


def plain(value, places=2):
    """A Decimal as typed text: no exponent, at least `places` decimals."""
    value = Decimal(value)
    if value == value.quantize(Decimal(1).scaleb(-places)):
        return f"{value.quantize(Decimal(1).scaleb(-places)):f}"
    return f"{value.normalize():f}"


def lines_from_document(form, document):
    """Load a saved document's lines into the form for editing."""
    while form.lines.entries:
        form.lines.pop_entry()
    for line in document.lines[:SHOWN_LINES]:
        form.lines.append_entry(
            {
                "description": line.description,
                "quantity": plain(line.quantity, 0),
                "unit_price": plain(line.unit_price),
                "nominal_code_id": line.nominal_code_id,
                "tax_code_id": line.tax_code_id,
            }
        )


def render_lines(form, lines_url, which="lines"):
    """The htmx reply: the whole lines table, or only the totals with line amounts."""
    template = "shared/_lines.html" if which == "lines" else "shared/_totals.html"
    return render_template(
        template,
        form=form,
        lines_url=lines_url,
        totals=preview(form),
        oob=which != "lines",
    )
