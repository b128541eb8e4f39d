"""Creating and editing supplier bills: the shared editor, numbers per supplier."""

from datetime import date, timedelta

from app.documents import DocumentEditor
from app.models import PurchaseInvoice, PurchaseInvoiceLine, Supplier
from app.purchases.forms import PurchaseInvoiceForm


class PurchaseEditor(DocumentEditor):
    """Supplier bills: numbers are the supplier's, unique per supplier."""

    model = PurchaseInvoice
    line_class = PurchaseInvoiceLine
    form_class = PurchaseInvoiceForm
    nominal_types = ("expense", "asset")
    fields = ("supplier_id", "issue_date", "due_date")
    endpoint = "purchases"
    id_arg = "purchase_invoice_id"
    noun = "Purchase invoice"
    template = "purchases/form.html"
    party = "supplier_id"
    party_model = Supplier
    party_prompt = "Choose a supplier…"

    def fill_new(self, form):
        """Dated today and due in 30 days; the number is the supplier's to give."""
        form.issue_date.data = date.today()
        form.due_date.data = date.today() + timedelta(days=30)
        self.preset_party(form)

    def number_taken(self, form, number):
        supplier_id = form.supplier_id.data
        if not supplier_id or supplier_id not in dict(form.supplier_id.choices):
            return False  # no supplier of ours chosen; the form says so already
        return super().number_taken(form, number, supplier_id=supplier_id)

    def taken_message(self, form, number):
        supplier = dict(form.supplier_id.choices).get(
            form.supplier_id.data, "This supplier"
        )
        return f"{supplier} already has an invoice numbered {number}."
