"""What customers and suppliers share: listing, saving, switching off, deleting."""

import sqlalchemy as sa
from flask import current_app, flash, request
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import CreditNote, Payment, SalesInvoice
from app.models.base import Money
from app.web import paginate

FILTERS = ("active", "inactive", "all")


def list_args():
    """The search text and the Active/Inactive/All filter from the query string."""
    q = request.args.get("q", "").strip()[:100]
    show = request.args.get("show", "active")
    return q, show if show in FILTERS else "active"


def contact_page(model, company_id, q="", show="active"):
    """One page of the company's contacts, by name, searched and filtered."""
    query = model.for_company(company_id).order_by(model.name, model.id)
    if show != "all":
        query = query.where(model.active.is_(show == "active"))
    if q:
        like = f"%{q}%"
        # Postcodes are typed with or without their space.
        squashed = "%" + q.replace(" ", "") + "%"
        query = query.where(
            sa.or_(
                model.name.ilike(like),
                model.email.ilike(like),
                model.account_number.ilike(like),
                sa.func.replace(model.postcode, " ", "").ilike(squashed),
            )
        )
    return paginate(query, current_app.config["PER_PAGE"])


def account_owner(model, company_id, number, exclude_id=None):
    """The other contact already using this account number, or None."""
    query = model.for_company(company_id).where(model.account_number == number)
    if exclude_id:
        query = query.where(model.id != exclude_id)
    return db.session.scalar(query)


def save_contact(contact, form, made=None):
    """Validate and save the form; False leaves the messages on the form.

    `made(contact)` runs once a new contact has its id, before the commit.
    """
    model, company_id = type(contact), contact.company_id
    valid = form.validate()
    number = form.account_number.data
    owner = number and account_owner(model, company_id, number, contact.id)
    if owner:
        form.account_number.errors.append(
            f"Account number {number} is already used by {owner.name}."
        )
        return False
    if not valid:
        return False
    form.populate_obj(contact)
    db.session.add(contact)
    try:
        if made:
            db.session.flush()
            made(contact)
        db.session.commit()
    except IntegrityError:
        # Someone else took the number between our check and the save.
        db.session.rollback()
        owner = account_owner(model, company_id, number, contact.id)
        taken_by = f" by {owner.name}" if owner else ""
        form.account_number.errors.append(
            f"Account number {number} is already used{taken_by}."
        )
        return False
    return True


def set_active(contact, active, noun):
    """Switch a contact on or off, keeping everything on file, and say so."""
    contact.active = active
    db.session.commit()
    if active:
        flash(f"{noun} {contact.name} is active again.", "success")
    else:
        flash(
            f"{noun} {contact.name} is now inactive: kept on file, "
            "but no longer offered on new documents.",
            "success",
        )


def count_rows(column, value):
    return db.session.scalar(sa.select(sa.func.count()).where(column == value))


def describe(*counts):
    """(2, "invoice"), (1, "credit note") -> "2 invoices and 1 credit note"."""
    parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts if n]
    return " and ".join(parts)


def delete_contact(contact, noun, documents):
    """Delete a contact nothing refers to; True when it went, else a flash says why."""
    blocked = (
        f"{contact.name} has {documents} on file, so they cannot be deleted. "
        f"Deactivate the {noun.lower()} instead to hide them from new documents."
    )
    if documents:
        flash(blocked, "error")
        return False
    name = contact.name
    db.session.delete(contact)
    try:
        db.session.commit()
    except IntegrityError:
        # A document was added for them while we were deleting.
        db.session.rollback()
        flash(blocked, "error")
        return False
    flash(f"{noun} {name} deleted.", "success")
    return True


def outstanding_by_customer(company_id, customer_ids):
    """{customer id: amount still owed on approved invoices}, in one grouped query."""
    if not customer_ids:
        return {}
    paid = (
        sa.select(sa.func.coalesce(sa.func.sum(Payment.amount), 0))
        .where(Payment.invoice_id == SalesInvoice.id)
        .scalar_subquery()
    )
    credited = (
        sa.select(sa.func.coalesce(sa.func.sum(CreditNote.total), 0))
        .where(
            CreditNote.invoice_id == SalesInvoice.id,
            CreditNote.status == CreditNote.APPROVED,
        )
        .scalar_subquery()
    )
    owed = sa.type_coerce(
        sa.func.sum(SalesInvoice.total - paid - credited), Money
    ).label("owed")
    rows = db.session.execute(
        sa.select(SalesInvoice.customer_id, owed)
        .where(
            SalesInvoice.company_id == company_id,
            SalesInvoice.status == SalesInvoice.APPROVED,
            SalesInvoice.customer_id.in_(customer_ids),
        )
        .group_by(SalesInvoice.customer_id)
    )
    return {customer_id: amount for customer_id, amount in rows}
