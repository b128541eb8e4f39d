"""Credit notes: list, raise (often against an invoice), edit, approve and void."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.credit_notes import services
from app.credit_notes.editor import CreditNoteEditor
from app.documents import list_page
from app.history.status import sync_context
from app.models import CreditNote, Customer, SalesInvoice

bp = Blueprint("credit_notes", __name__, url_prefix="/credit-notes")


@bp.route("/")
def index():
    """List credit notes by status; search number, reference, customer, invoice."""
    query = (
        CreditNote.for_company(current_user.company_id)
        .join(Customer, CreditNote.customer)
        .outerjoin(SalesInvoice, CreditNote.invoice)
        .options(
            sa.orm.contains_eager(CreditNote.customer),
            sa.orm.contains_eager(CreditNote.invoice),
        )
    )
    search = (
        CreditNote.number,
        CreditNote.reference,
        Customer.name,
        SalesInvoice.number,
    )
    return list_page(query, CreditNote, search, "credit_notes", "credit-note-table")


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Raise a draft credit note, against an invoice when ?invoice_id= is given."""
    invoice = None
    invoice_id = request.args.get("invoice_id", type=int)
    if invoice_id:
        invoice = SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)
        if not invoice.is_approved:
            flash(
                f"Invoice {invoice.number} is {invoice.status}; "
                "only approved invoices can be credited.",
                "warning",
            )
            return redirect(url_for("invoices.show", invoice_id=invoice.id))
    editor = CreditNoteEditor.draft(fixed_invoice=invoice)
    return editor.save_or_rerender(*editor.load_form())


@bp.route("/lines", methods=["POST"])
def lines():
    """The lines editor's htmx reply: lines added or removed, or fresh totals."""
    return CreditNoteEditor().lines_response()


@bp.route("/<int:credit_note_id>")
def show(credit_note_id):
    """One credit note with its lines, the invoice it credits and its actions."""
    note = CreditNote.get_owned_or_404(current_user.company_id, credit_note_id)
    return render_template(
        "credit_notes/show.html", note=note, **sync_context("credit_note", note.id)
    )


@bp.route("/<int:credit_note_id>/edit", methods=["GET", "POST"])
def edit(credit_note_id):
    """Edit a credit note while it is still a draft."""
    editor = CreditNoteEditor.owned(credit_note_id)
    note = editor.document
    if not note.is_draft:
        return editor.back_to_show(
            f"Credit note {note.number} is {note.status}; it cannot be edited."
        )
    return editor.save_or_rerender(*editor.load_form())


@bp.route("/<int:credit_note_id>/approve", methods=["POST"])
def approve(credit_note_id):
    """Approve a draft, so it reduces what its invoice has outstanding."""
    return CreditNoteEditor.owned(credit_note_id).transition(
        services.approve, "approved"
    )


@bp.route("/<int:credit_note_id>/void", methods=["POST"])
def void(credit_note_id):
    """Void a credit note; it stays on file with its number but credits nothing."""
    return CreditNoteEditor.owned(credit_note_id).transition(services.void, "voided")
