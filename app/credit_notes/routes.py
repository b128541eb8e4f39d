"""Credit notes: list, raise (often against an invoice), edit, approve and void."""

from datetime import date

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app import line_editor
from app.credit_notes import services
from app.credit_notes.forms import CreditNoteForm
from app.extensions import db
from app.invoices.services import customer_choices
from app.models import CreditNote, Customer, SalesInvoice
from app.web import page_number, render_page

bp = Blueprint("credit_notes", __name__, url_prefix="/credit-notes")

STATUS_TABS = ("all",) + CreditNote.STATUSES
SALES_TYPES = ("revenue",)


@bp.route("/")
def index():
    """List credit notes by status; search number, reference, customer, invoice."""
    status = request.args.get("status", "all")
    status = status if status in STATUS_TABS else "all"
    q = request.args.get("q", "").strip()[:100]
    query = (
        CreditNote.for_company(current_user.company_id)
        .join(Customer, CreditNote.customer)
        .outerjoin(SalesInvoice, CreditNote.invoice)
        .options(
            sa.orm.contains_eager(CreditNote.customer),
            sa.orm.contains_eager(CreditNote.invoice),
        )
        .order_by(CreditNote.issue_date.desc(), CreditNote.id.desc())
    )
    if status != "all":
        query = query.where(CreditNote.status == status)
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(
                CreditNote.number.ilike(like),
                CreditNote.reference.ilike(like),
                Customer.name.ilike(like),
                SalesInvoice.number.ilike(like),
            )
        )
    pagination = db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_page(
        "credit_notes/index.html",
        "credit_notes/_table.html",
        "credit-note-table",
        pagination=pagination,
        status=status,
        q=q,
        tabs=STATUS_TABS,
    )


def bind_codes(form, keep=()):
    """Give every line this company's revenue and tax codes (keeping ones in use)."""
    nominals, taxes = line_editor.code_choices(
        current_user.company_id, SALES_TYPES, set(keep)
    )
    line_editor.bind_choices(form, nominals, taxes)


def bind_form(form, note, fixed_invoice=None):
    """Codes, customers and invoices; raised against an invoice, both are fixed."""
    documents = [d for d in (note, fixed_invoice) if d is not None and d.id]
    bind_codes(
        form,
        {line.nominal_code_id for d in documents for line in d.lines}
        | {line.tax_code_id for d in documents for line in d.lines},
    )
    if fixed_invoice:
        form.customer_id.choices = [
            (fixed_invoice.customer_id, fixed_invoice.customer.name)
        ]
        form.invoice_id.choices = [(fixed_invoice.id, fixed_invoice.number)]
        form.customer_id.data = fixed_invoice.customer_id
        form.invoice_id.data = fixed_invoice.id
    else:
        company_id = current_user.company_id
        form.customer_id.choices = customer_choices(company_id, note.customer_id)
        form.invoice_id.choices = services.invoice_choices(company_id, note.invoice_id)


def posted_form():
    """The posted form, with a line added or removed first when that was asked."""
    action = line_editor.editor_action()
    if action:
        return CreditNoteForm(formdata=line_editor.edited_formdata(action)), action
    return CreditNoteForm(), None


def check_invoice(form):
    """The invoice the form credits, or None; adds field messages when it cannot."""
    if not form.invoice_id.data:
        return None, True
    invoice = services.locked_invoice(current_user.company_id, form.invoice_id.data)
    problem = services.invoice_problem(invoice, form.customer_id.data)
    if problem:
        form.invoice_id.errors.append(problem)
        return invoice, False
    if form.issue_date.data and form.issue_date.data < invoice.issue_date:
        form.issue_date.errors.append(
            f"A credit note cannot be dated before invoice {invoice.number} "
            f"({invoice.issue_date:%d/%m/%Y})."
        )
        return invoice, False
    return invoice, True


def chosen_invoice(form):
    """The invoice picked in the form, to show how much is left to credit on it."""
    invoice_id = form.invoice_id.data
    if not isinstance(invoice_id, int) or invoice_id == 0:
        return None
    if invoice_id not in {value for value, _label in form.invoice_id.choices}:
        return None
    return SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)


def save_or_rerender(form, note, action, fixed_invoice=None):
    """Validate and save, or show the form again with every message in place."""
    editing = note.id is not None
    bind_form(form, note, fixed_invoice)
    if action is None and request.method == "POST":
        valid = form.validate() & line_editor.validate_line_codes(form)
        number = (form.number.data or "").strip()
        taken = f"Credit note number {number} is already used."
        if number and services.number_taken(current_user.company_id, number, note.id):
            form.number.errors.append(taken)
            valid = False
        invoice, invoice_ok = check_invoice(form) if valid else (None, False)
        if valid and invoice_ok:
            error = services.save_note(note, form, invoice)
            if error:
                db.session.rollback()
                form.form_errors.append(error)
            else:
                try:
                    db.session.commit()
                except IntegrityError:
                    db.session.rollback()
                    form.number.errors.append(taken)
                else:
                    flash(f"Credit note {note.number} saved.", "success")
                    return redirect(
                        url_for("credit_notes.show", credit_note_id=note.id)
                    )
    if editing:
        action_url = url_for("credit_notes.edit", credit_note_id=note.id)
    else:
        action_url = url_for(
            "credit_notes.new",
            invoice_id=fixed_invoice.id if fixed_invoice else None,
        )
    return render_template(
        "credit_notes/form.html",
        form=form,
        note=note if editing else None,
        fixed_invoice=fixed_invoice,
        credited=chosen_invoice(form),
        action_url=action_url,
        lines_url=url_for("credit_notes.lines"),
        totals=line_editor.preview(form),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Raise a draft credit note, against an invoice when ?invoice_id= is given."""
    company_id = current_user.company_id
    invoice = None
    invoice_id = request.args.get("invoice_id", type=int)
    if invoice_id:
        invoice = SalesInvoice.get_owned_or_404(company_id, invoice_id)
        if not invoice.is_approved:
            flash(
                f"Invoice {invoice.number} is {invoice.status}; "
                "only approved invoices can be credited.",
                "warning",
            )
            return redirect(url_for("invoices.show", invoice_id=invoice.id))
    if request.method == "POST":
        form, action = posted_form()
    else:
        form, action = CreditNoteForm(), None
        form.number.data = CreditNote.next_number(db.session, company_id, "CN")
        form.issue_date.data = date.today()
        if invoice:
            form.issue_date.data = max(date.today(), invoice.issue_date)
            form.reference.data = f"Credit for {invoice.number}"
            line_editor.lines_from_document(form, invoice)
    note = CreditNote(company_id=company_id, status=CreditNote.DRAFT)
    return save_or_rerender(form, note, action, invoice)


@bp.route("/lines", methods=["POST"])
def lines():
    """The lines editor's htmx reply: lines added or removed, or fresh totals."""
    form, action = posted_form()
    # Codes already on the lines stay choosable, as when the form first loaded.
    keep = {
        int(value)
        for row in line_editor.posted_rows()
        for value in (row["nominal_code_id"], row["tax_code_id"])
        if value.isdigit()
    }
    bind_codes(form, keep)
    which = "lines" if action or request.form.get("which") != "totals" else "totals"
    return line_editor.render_lines(form, url_for("credit_notes.lines"), which)


@bp.route("/<int:credit_note_id>")
def show(credit_note_id):
    """One credit note with its lines, the invoice it credits and its actions."""
    note = CreditNote.get_owned_or_404(current_user.company_id, credit_note_id)
    return render_template("credit_notes/show.html", note=note)


@bp.route("/<int:credit_note_id>/edit", methods=["GET", "POST"])
def edit(credit_note_id):
    """Edit a credit note while it is still a draft."""
    note = CreditNote.get_owned_or_404(current_user.company_id, credit_note_id)
    if not note.is_draft:
        flash(
            f"Credit note {note.number} is {note.status}; it cannot be edited.",
            "warning",
        )
        return redirect(url_for("credit_notes.show", credit_note_id=note.id))
    if request.method == "POST":
        form, action = posted_form()
    else:
        form, action = CreditNoteForm(obj=note), None
        line_editor.lines_from_document(form, note)
    return save_or_rerender(form, note, action)


@bp.route("/<int:credit_note_id>/approve", methods=["POST"])
def approve(credit_note_id):
    """Approve a draft, so it reduces what its invoice has outstanding."""
    note = CreditNote.get_owned_or_404(current_user.company_id, credit_note_id)
    error = services.approve(note)
    if error:
        db.session.rollback()  # releases the invoice lock taken for the check
        flash(error, "error")
    else:
        db.session.commit()
        flash(f"Credit note {note.number} approved.", "success")
    return redirect(url_for("credit_notes.show", credit_note_id=note.id))


@bp.route("/<int:credit_note_id>/void", methods=["POST"])
def void(credit_note_id):
    """Void a credit note; it stays on file with its number but credits nothing."""
    note = CreditNote.get_owned_or_404(current_user.company_id, credit_note_id)
    error = services.void(note)
    if error:
        flash(error, "error")
    else:
        db.session.commit()
        flash(f"Credit note {note.number} voided.", "success")
    return redirect(url_for("credit_notes.show", credit_note_id=note.id))
