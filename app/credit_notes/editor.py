"""Creating and editing credit notes: the shared editor plus the credit limit."""

from datetime import date

from flask import url_for
from flask_login import current_user

from app import line_editor
from app.credit_notes import services
from app.credit_notes.forms import CreditNoteForm
from app.documents import DocumentEditor
from app.extensions import db
from app.models import CreditNote, CreditNoteLine, Customer, SalesInvoice


class CreditNoteEditor(DocumentEditor):
    """Credit notes, alone or against an invoice, never crediting more than is owed."""

    model = CreditNote
    line_class = CreditNoteLine
    form_class = CreditNoteForm
    nominal_types = ("revenue",)
    fields = ("customer_id", "issue_date")
    endpoint = "credit_notes"
    id_arg = "credit_note_id"
    noun = "Credit note"
    template = "credit_notes/form.html"
    party = "customer_id"
    party_model = Customer
    party_prompt = "Choose a customer…"

    def __init__(self, document=None, fixed_invoice=None):
        super().__init__(document)
        self.fixed_invoice = fixed_invoice  # raised from that invoice's page
        self.invoice = None  # the invoice credited, once check() has locked it

    def documents_in_use(self):
        return super().documents_in_use() + (
            [self.fixed_invoice] if self.fixed_invoice else []
        )

    def bind_parties(self, form):
        """Customers and invoices; raised against an invoice, both are fixed."""
        invoice = self.fixed_invoice
        if invoice:
            form.customer_id.choices = [(invoice.customer_id, invoice.customer.name)]
            form.invoice_id.choices = [(invoice.id, invoice.number)]
            form.customer_id.data = invoice.customer_id
            form.invoice_id.data = invoice.id
            return
        super().bind_parties(form)
        form.invoice_id.choices = services.invoice_choices(
            self.company_id, self.document.invoice_id
        )

    def fill_new(self, form):
        """The next number, dated today; from an invoice, its lines to start from."""
        form.number.data = CreditNote.next_number(db.session, self.company_id, "CN")
        form.issue_date.data = date.today()
        invoice = self.fixed_invoice
        if invoice:
            form.issue_date.data = max(date.today(), invoice.issue_date)
            form.reference.data = f"Credit for {invoice.number}"
            line_editor.lines_from_document(form, invoice)

    def check(self, form):
        """The invoice credited must take this credit; adds field messages if not."""
        if not form.invoice_id.data:
            return True
        invoice = services.locked_invoice(self.company_id, form.invoice_id.data)
        self.invoice = invoice
        problem = services.invoice_problem(invoice, form.customer_id.data)
        if problem:
            form.invoice_id.errors.append(problem)
            return False
        if form.issue_date.data and form.issue_date.data < invoice.issue_date:
            form.issue_date.errors.append(
                f"A credit note cannot be dated before invoice {invoice.number} "
                f"({invoice.issue_date:%d/%m/%Y})."
            )
            return False
        return True

    def save(self, form):
        """Save as any document, then name what breaks the invoice's credit limit."""
        self.document.invoice = self.invoice
        super().save(form)
        return self.document.limit_error()

    def action_url(self):
        if self.document.id or not self.fixed_invoice:
            return super().action_url()
        return self.url("new", invoice_id=self.fixed_invoice.id)

    def cancel_url(self):
        if self.document.id or not self.fixed_invoice:
            return super().cancel_url()
        return url_for("invoices.show", invoice_id=self.fixed_invoice.id)

    def context(self, form):
        return {"fixed_invoice": self.fixed_invoice, "credited": chosen_invoice(form)}


def chosen_invoice(form):
    """The invoice picked in the form, to show how much is left to credit on it."""
    invoice_id = form.invoice_id.data
    if not isinstance(invoice_id, int) or invoice_id == 0:
        return None
    if invoice_id not in {value for value, _label in form.invoice_id.choices}:
        return None
    return SalesInvoice.get_owned_or_404(current_user.company_id, invoice_id)
