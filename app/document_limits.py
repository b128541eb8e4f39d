"""What one document can hold: how many lines, how large a number, how large a sum."""

import re
from decimal import Decimal

from wtforms import FieldList
from wtforms.utils import unset_value

from app.models.documents import line_amounts
from app.money import MAX_MONEY, ZERO, format_money

# Lines on one document. Neither Xero nor QuickBooks documents a cap per invoice
# (Xero bounds a request at 3.5 MB; QuickBooks bounds a batch, not its lines), so
# this is what a field-service invoice needs, far inside either: 200 lines of 500
# characters is about 150 kB of JSON.
MAX_LINES = 200
# A form posted with more keeps up to this many, so none vanish on the way back.
SHOWN_LINES = 5 * MAX_LINES
MAX_QUANTITY = Decimal("99999999.9999")  # the Numeric(12, 4) column
MAX_PRICE = Decimal("9999999999.9999")  # the Numeric(14, 4) column
INDEX = re.compile(r"[0-9]{1,6}")  # a line's number in a field name: ASCII only


class LinesField(FieldList):
    """A document's lines; counts what was posted, so too many is refused, not cut."""

    limit = MAX_LINES

    def _extract_indices(self, prefix, formdata):
        # WTForms' own isdigit() lets "²" through to int(), which raises.
        for key in formdata:
            if key.startswith(prefix + "-"):
                index = key[len(prefix) + 1 :].split("-", 1)[0]
                if INDEX.fullmatch(index):
                    yield int(index)

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        posted = set(self._extract_indices(self.name, formdata)) if formdata else ()
        self.count = max(len(posted), len(self.entries))

    @property
    def full(self):
        return len(self.entries) >= self.limit


def too_many_lines(count):
    """Why a document of `count` lines cannot be kept, or None."""
    if count <= MAX_LINES:
        return None
    return (
        f"A document can have at most {MAX_LINES} lines and this one has {count}: "
        f"remove {count - MAX_LINES}, or split it into two documents."
    )


def too_large(label, amount):
    """Why an amount cannot be kept in the Money columns, or None."""
    if abs(amount) <= MAX_MONEY:
        return None
    return (
        f"{label} comes to {format_money(amount)}, more than the "
        f"{format_money(MAX_MONEY)} an amount can be."
    )


def totals_problem(amounts):
    """Why a document whose lines come to these (net, tax) cannot be kept, or None."""
    net = sum((a[0] for a in amounts), ZERO)
    tax = sum((a[1] for a in amounts), ZERO)
    return (
        too_large("The total", net + tax)
        or too_large("The net total", net)
        or too_large("The VAT", tax)
    )


def check_form(form):
    """Whether the form's lines fit one document; messages on the form if not."""
    valid, amounts = True, []
    for number, entry in enumerate(form.lines, start=1):
        line = entry.form
        quantity, price = line.quantity.decimal, line.unit_price.decimal
        if quantity is None or price is None:
            continue  # the field says why
        rate = getattr(form, "tax_rates", {}).get(line.tax_code_id.data, 0)
        net, tax = line_amounts(quantity, price, rate)
        message = too_large(f"Line {number}", net + tax)
        if message:
            line.unit_price.errors.append(message)
            valid = False
        else:
            amounts.append((net, tax))
    problem = too_many_lines(form.lines.count) or totals_problem(amounts)
    if problem:
        form.form_errors.append(problem)
        valid = False
    return valid
