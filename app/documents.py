"""What invoices, credit notes and purchases share: their list and their editor."""

from datetime import date

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app import line_choices, line_editor, submissions
from app.extensions import db
from app.locking import begin_write, lock_for_update
from app.web import paginate, render_page


def list_page(query, model, search, folder, target):
    """A document list, newest first: status tabs, ?q= over `search`, pages."""
    tabs = ("all",) + model.STATUSES
    status = request.args.get("status", "all")
    status = status if status in tabs else "all"
    q = request.args.get("q", "").strip()[:100]
    query = query.order_by(model.issue_date.desc(), model.id.desc())
    if status != "all":
        query = query.where(model.status == status)
    if q:
        like = f"%{q}%"
        query = query.where(sa.or_(*(column.ilike(like) for column in search)))
    pagination = paginate(query, current_app.config["PER_PAGE"])
    return render_page(
        f"{folder}/index.html",
        f"{folder}/_table.html",
        target,
        pagination=pagination,
        status=status,
        q=q,
        tabs=tabs,
    )


class DocumentEditor:
    """Create, edit, approve and void one document; subclasses add their rules."""

    model = None
    line_class = None
    form_class = None
    nominal_types = ()  # the nominal code types its lines may post to
    fields = ()  # header fields copied from the form as they are
    endpoint = ""  # the blueprint: "invoices" gives invoices.show, invoices.lines
    id_arg = ""  # the URL parameter naming one document
    noun = ""  # as messages name it: "Invoice INV-00001 saved."
    template = ""
    party = ""  # who it is for: the form field, column and ?query= name
    party_model = None
    party_prompt = ""  # the placeholder choice: "Choose a customer…"

    def __init__(self, document=None):
        self.document = document
        self.company_id = current_user.company_id

    @classmethod
    def owned(cls, document_id):
        """The editor of one of this company's documents; 404 for anyone else's.

        A POST changes it, so it is read under a lock: its checks (still a draft,
        nothing paid against it) then hold until the change is committed.
        """
        model = cls.model
        document = model.get_owned_or_404(current_user.company_id, document_id)
        if request.method == "POST":
            db.session.scalar(
                lock_for_update(sa.select(model).filter_by(id=document.id))
            )
        return cls(document)

    @classmethod
    def draft(cls, **extra):
        """The editor of a new, unsaved draft."""
        document = cls.model(company_id=current_user.company_id, status=cls.model.DRAFT)
        return cls(document, **extra)

    def url(self, view, **args):
        return url_for(f"{self.endpoint}.{view}", **args)

    def show_url(self):
        return self.url("show", **{self.id_arg: self.document.id})

    def action_url(self):
        if self.document.id:
            return self.url("edit", **{self.id_arg: self.document.id})
        return self.url("new")

    def back_to_show(self, message):
        """Refuse with a warning, back on the document's page."""
        flash(message, "warning")
        return redirect(self.show_url())

    def cancel_url(self):
        return self.show_url() if self.document.id else self.url("index")

    def posted_form(self):
        """The posted form, with a line added or removed first when that was asked."""
        action = line_editor.editor_action()
        if action:
            return self.form_class(formdata=line_editor.edited_formdata(action)), action
        return self.form_class(), None

    def load_form(self):
        """The posted form on POST; else the saved document's, or a new one's."""
        if request.method == "POST":
            return self.posted_form()
        form = self.form_class(obj=self.document if self.document.id else None)
        if self.document.id:
            line_editor.lines_from_document(form, self.document)
        else:
            self.fill_new(form)
        return form, None

    def fill_new(self, form):
        form.issue_date.data = date.today()

    def preset_party(self, form):
        """Start with the customer or supplier the link came from (?customer_id=)."""
        party_id = request.args.get(self.party, type=int)
        if party_id:
            form[self.party].data = self.party_model.get_owned_or_404(
                self.company_id, party_id
            ).id

    def bind_codes(self, form, keep):
        """Give every line the company's codes (keeping inactive ones in `keep`)."""
        nominals, taxes = line_choices.code_choices(
            self.company_id, self.nominal_types, set(keep)
        )
        line_choices.bind_choices(form, nominals, taxes)

    def documents_in_use(self):
        """Saved documents whose codes stay choosable even once made inactive."""
        return [self.document] if self.document.id else []

    def bind_form(self, form):
        """Give the form its codes and the choices of who the document is for."""
        lines = [line for d in self.documents_in_use() for line in d.lines]
        keep = {c for line in lines for c in (line.nominal_code_id, line.tax_code_id)}
        self.bind_codes(form, keep)
        self.bind_parties(form)

    def bind_parties(self, form):
        """Who it can be for: the active ones, and whoever it names already."""
        model, keep_id = self.party_model, getattr(self.document, self.party)
        parties = db.session.scalars(
            model.for_company(self.company_id)
            .where(sa.or_(model.active.is_(True), model.id == keep_id))
            .order_by(model.name)
        )
        choices = [(party.id, party.name) for party in parties]
        form[self.party].choices = [(0, self.party_prompt), *choices]

    def number_taken(self, form, number, **same):
        """True when another of the company's documents (alike in `same`) has it."""
        query = sa.select(self.model.id).filter_by(
            company_id=self.company_id, number=number, **same
        )
        if self.document.id:
            query = query.where(self.model.id != self.document.id)
        return db.session.scalar(query) is not None

    def taken_message(self, form, number):
        return f"{self.noun} number {number} is already used."

    def check(self, form):
        """Rules beyond the form's own, once it is valid; False with messages added."""
        return True

    def save(self, form):
        """Copy the valid form on, rebuild the lines; a problem to show, or None."""
        document = self.document
        is_new = document.id is None
        for name in self.fields:
            setattr(document, name, getattr(form, name).data)
        document.number = form.number.data.strip()
        document.reference = (form.reference.data or "").strip()
        db.session.add(document)
        line_editor.fill_lines(document, form, self.line_class)
        if is_new:
            label = f"{self.noun} {document.number}"
            submissions.keep(self.company_id, self.show_url(), label)
        return None

    def commit(self, form, number):
        """Save and commit; False, the reason on the form, when nothing was kept."""
        is_new = self.document.id is None
        try:
            # save() flushes, so a clash can surface there as well as at commit.
            problem, messages = self.save(form), form.form_errors
            if problem is None:
                db.session.commit()
                return True
            db.session.rollback()
        except IntegrityError:
            db.session.rollback()
            problem, messages = self.clash(form, number)
        if is_new:
            self.document.id = None  # its INSERT was rolled back too
        messages.append(problem)
        return False

    def clash(self, form, number):
        """What to say when the database refused the save: (message, where)."""
        if self.number_taken(form, number):
            # Another request took the number between our check and our save.
            return self.taken_message(form, number), form.number.errors
        return (
            "Something else changed while this was being saved, so nothing was "
            "saved. Check the details and save again.",
            form.form_errors,
        )

    def save_or_rerender(self, form, action):
        """Validate and save, or show the form again with every message in place."""
        saving = action is None and request.method == "POST"
        is_new = self.document.id is None
        if saving:
            # On SQLite the checks below (number free, customer still there) and
            # the save then happen as one step; PostgreSQL's constraints decide.
            begin_write()
            if is_new:
                submissions.replay_if_saved(self.company_id)
        self.bind_form(form)
        if saving:
            valid = form.validate() & line_choices.validate_line_codes(form)
            number = (form.number.data or "").strip()
            if number and self.number_taken(form, number):
                form.number.errors.append(self.taken_message(form, number))
                valid = False
            if valid and self.check(form) and self.commit(form, number):
                flash(f"{self.noun} {self.document.number} saved.", "success")
                return redirect(self.show_url())
            if is_new:
                # Refused, perhaps because this very form was saved a moment ago.
                submissions.replay_if_saved(self.company_id)
        return render_template(
            self.template,
            form=form,
            document=self.document,
            action_url=self.action_url(),
            cancel_url=self.cancel_url(),
            party=self.party,
            lines_url=self.url("lines"),
            totals=line_editor.preview(form),
            **self.context(form),
        )

    def context(self, form):
        """What else the form page shows."""
        return {}

    def lines_response(self):
        """The lines editor's htmx reply: lines added or removed, or fresh totals."""
        form, action = self.posted_form()
        # Codes already on the lines stay choosable, as when the form first loaded.
        self.bind_codes(form, line_editor.posted_code_ids())
        which = "lines" if action or request.form.get("which") != "totals" else "totals"
        return line_editor.render_lines(form, self.url("lines"), which)

    def transition(self, change, done):
        """Approve or void with `change`; say how it went on the document's page."""
        show_url, error = self.show_url(), change(self.document)
        if error:
            db.session.rollback()  # releases any row lock the check took
            flash(error, "error")
        else:
            db.session.commit()
            flash(f"{self.noun} {self.document.number} {done}.", "success")
        return redirect(show_url)
