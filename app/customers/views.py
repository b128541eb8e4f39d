"""The views customers and suppliers share, registered once per blueprint."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app import submissions
from app.customers import services
from app.customers.forms import ContactForm
from app.locking import begin_write
from app.web import render_page

RECENT = 10


class ContactViews:
    """List, add, edit, switch off and on, delete: one kind of contact.

    A subclass names its model and says what is really its own: the documents
    that refer to a contact, the latest of them, and any extra list columns.
    """

    model = None
    noun = ""  # "customer": headings, flashes, templates/<noun>s/, <noun>_id
    doc_name = ""  # the documents they appear on: "Recent invoices", hints

    @property
    def area(self):
        """The blueprint name and template folder: "customers"."""
        return f"{self.noun}s"

    @property
    def id_param(self):
        return f"{self.noun}_id"

    def documents_of(self, contact):
        """A phrase like "2 invoices", or "" when nothing refers to the contact."""
        raise NotImplementedError

    def recent_documents(self, contact):
        """The contact's latest documents, newest first, for the edit page."""
        raise NotImplementedError

    def list_context(self, contacts):
        """Extra template values for one page of the list."""
        return {}

    def register(self, bp):
        """Add index, new, edit, deactivate, reactivate and delete to `bp`."""
        member = f"/<int:{self.id_param}>"
        bp.add_url_rule("/", "index", self.index)
        bp.add_url_rule("/new", "new", self.new, methods=["GET", "POST"])
        bp.add_url_rule(f"{member}/edit", "edit", self.edit, methods=["GET", "POST"])
        for action in ("deactivate", "reactivate", "delete"):
            bp.add_url_rule(
                f"{member}/{action}", action, getattr(self, action), methods=["POST"]
            )

    def owned(self, ids):
        """The contact named in the URL; another company's id is a 404."""
        return self.model.get_owned_or_404(current_user.company_id, ids[self.id_param])

    def back_to_edit(self, contact_id):
        return redirect(url_for(".edit", **{self.id_param: contact_id}))

    def index(self):
        """List contacts, searched as you type and filtered by active or not."""
        q, show = services.list_args()
        pagination = services.contact_page(self.model, current_user.company_id, q, show)
        return render_page(
            f"{self.area}/index.html",
            f"{self.area}/_table.html",
            f"{self.noun}-table",
            kind=self,
            pagination=pagination,
            q=q,
            show=show,
            filters=services.FILTERS,
            **self.list_context(pagination.items),
        )

    def form_page(self, contact):
        """Save the posted form and go back to the list, or show the form."""
        form = ContactForm(obj=contact if contact.id else None)
        is_new = contact.id is None
        if request.method == "POST":
            if is_new:
                submissions.replay_if_saved(contact.company_id)
            if services.save_contact(contact, form, self.remember if is_new else None):
                flash(f"{self.noun.capitalize()} {contact.name} saved.", "success")
                return redirect(url_for(".index"))
            if is_new:
                # The same form may have been saved a moment ago from another click.
                submissions.replay_if_saved(contact.company_id)
        recent, documents = [], ""
        if contact.id:
            recent, documents = (
                self.recent_documents(contact),
                self.documents_of(contact),
            )
        return render_template(
            f"{self.area}/form.html",
            kind=self,
            form=form,
            contact=contact,
            recent=recent,
            documents=documents,
        )

    def remember(self, contact):
        """Note that this form made `contact`, so a resend finds it."""
        submissions.keep(
            contact.company_id,
            url_for(".edit", **{self.id_param: contact.id}),
            f"{self.noun.capitalize()} {contact.name}",
        )

    def new(self):
        """Add a contact."""
        return self.form_page(self.model(company_id=current_user.company_id))

    def edit(self, **ids):
        """Edit a contact; their latest documents are listed below the form."""
        return self.form_page(self.owned(ids))

    def deactivate(self, **ids):
        """Hide a contact from new documents; their history stays."""
        contact = self.owned(ids)
        services.set_active(contact, False, self.noun.capitalize())
        return self.back_to_edit(contact.id)

    def reactivate(self, **ids):
        """Offer a contact on new documents again."""
        contact = self.owned(ids)
        services.set_active(contact, True, self.noun.capitalize())
        return self.back_to_edit(contact.id)

    def delete(self, **ids):
        """Delete a contact nothing refers to; otherwise say why not."""
        contact = self.owned(ids)
        # SQLite does not enforce the documents' foreign keys: count them and
        # delete as one step, so a document saved meanwhile is not orphaned.
        begin_write()
        contact_id, documents = contact.id, self.documents_of(contact)
        if services.delete_contact(contact, self.noun.capitalize(), documents):
            return redirect(url_for(".index"))
        return self.back_to_edit(contact_id)
