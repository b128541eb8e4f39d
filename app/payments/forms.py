"""The payment form, used on the invoice page and on the payments page."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.extensions import db
from app.forms import DecimalText, UKDateField, form_id
from app.models import Customer, Payment, SalesInvoice
from app.money import format_money


class PaymentForm(FlaskForm):
    invoice_id = SelectField("Invoice", coerce=form_id, default=0)
    payment_date = UKDateField(
        "Payment date",
        validators=[DataRequired("Enter the date it was paid.")],
        default=date.today,
    )
    amount = DecimalText("Amount", places=2, minimum=Decimal("0.01"))
    method = SelectField("Method", choices=list(Payment.METHODS.items()))
    reference = StringField("Reference", validators=[Optional(), Length(max=200)])

    def validate_invoice_id(self, field):
        if not field.data:
            raise ValidationError("Choose the invoice this pays.")


def invoice_choices(company_id, q=""):
    """Approved invoices with money owed, by customer then number, each with what
    it still owes; `q` keeps those whose number or customer contains it."""
    query = (
        SalesInvoice.for_company(company_id)
        .join(SalesInvoice.customer)
        .where(SalesInvoice.status == SalesInvoice.APPROVED)
        .options(
            sa.orm.selectinload(SalesInvoice.payments),
            sa.orm.selectinload(SalesInvoice.credit_notes),
            sa.orm.contains_eager(SalesInvoice.customer),
        )
        .order_by(sa.func.lower(Customer.name), SalesInvoice.number, SalesInvoice.id)
    )
    q = (q or "").strip()[:100]
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(SalesInvoice.number.ilike(like), Customer.name.ilike(like))
        )
    return [(0, "Choose an invoice…")] + [
        (
            i.id,
            f"{i.customer.name} · {i.number} · "
            f"{format_money(i.amount_outstanding)} outstanding",
        )
        for i in db.session.scalars(query).unique()
        if i.amount_outstanding > 0
    ]
