"""Creating and editing sales invoices: the shared editor with their own defaults."""

from datetime import date, timedelta

from app.documents import DocumentEditor
from app.extensions import db
from app.invoices.forms import InvoiceForm
from app.models import Customer, SalesInvoice, SalesInvoiceLine


class InvoiceEditor(DocumentEditor):
    """Invoices: numbers unique in the company, lines on revenue codes."""

    model = SalesInvoice
    line_class = SalesInvoiceLine
    form_class = InvoiceForm
    nominal_types = ("revenue",)
    fields = ("customer_id", "issue_date", "due_date")
    endpoint = "invoices"
    id_arg = "invoice_id"
    noun = "Invoice"
    template = "invoices/form.html"
    party = "customer_id"
    party_model = Customer
    party_prompt = "Choose a customer…"

    def fill_new(self, form):
        """The next number, issued today and due in 30 days."""
        form.number.data = SalesInvoice.next_number(db.session, self.company_id, "INV")
        form.issue_date.data = date.today()
        form.due_date.data = date.today() + timedelta(days=30)
        self.preset_party(form)
