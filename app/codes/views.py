"""The add, edit and on/off views tax codes and nominal codes share."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.auth import admin_required
from app.codes import services
from app.extensions import db


class CodeViews:
    """New, edit, activate and deactivate for one kind of code, admins only."""

    def __init__(self, model, name, slug, form_class):
        self.model = model
        self.name = name  # "tax_code": endpoints new_tax_code…, <int:tax_code_id>
        self.slug = slug  # "tax": /codes/tax/…
        self.form_class = form_class
        self.noun = name.replace("_", " ")
        self.id_param = f"{name}_id"
        self.list_endpoint = f"codes.{name}s"
        self.template = f"codes/{slug}_form.html"

    def register(self, bp):
        """Add the four admin-only views under /<slug>/ with their usual endpoints."""
        member = f"/{self.slug}/<int:{self.id_param}>"
        for rule, action, methods in (
            (f"/{self.slug}/new", "new", ["GET", "POST"]),
            (f"{member}/edit", "edit", ["GET", "POST"]),
            (f"{member}/activate", "activate", ["POST"]),
            (f"{member}/deactivate", "deactivate", ["POST"]),
        ):
            view = admin_required(getattr(self, action))
            bp.add_url_rule(rule, f"{action}_{self.name}", view, methods=methods)

    def owned(self, ids):
        """The code named in the URL; another company's id is a 404."""
        return self.model.get_owned_or_404(current_user.company_id, ids[self.id_param])

    def refuse_if_read_only(self, row=None):
        """A flash and a redirect to the list when this code cannot be changed here."""
        reason = services.read_only_reason(current_user.company, row)
        if reason is None:
            return None
        flash(reason, "warning")
        return redirect(url_for(self.list_endpoint))

    def new(self):
        """Add a code."""
        return self.form_view(self.model(company_id=current_user.company_id))

    def edit(self, **ids):
        """Change a local code."""
        return self.form_view(self.owned(ids))

    def activate(self, **ids):
        """Offer a code on new documents again."""
        return self.set_active(self.owned(ids), True)

    def deactivate(self, **ids):
        """Stop offering a code on new documents."""
        return self.set_active(self.owned(ids), False)

    def form_view(self, row):
        """Show and save the form for a new or existing code."""
        refused = self.refuse_if_read_only(row if row.id else None)
        if refused:
            return refused
        form = self.form_class()
        if row.id and request.method == "GET":
            form.fill(row)
        if form.validate_on_submit():
            code = form.code.data.strip()
            message = f"Code {code} is already used by another {self.noun}."
            if services.code_taken(self.model, current_user.company_id, code, row.id):
                form.code.errors.append(message)
            else:
                is_new = row.id is None
                form.apply(row)
                db.session.add(row)
                try:
                    db.session.commit()
                except IntegrityError:
                    db.session.rollback()
                    if is_new:
                        row.id = None  # the INSERT was rolled back
                    form.code.errors.append(message)
                else:
                    flash(f"{self.noun.capitalize()} {row.code} saved.", "success")
                    return redirect(url_for(self.list_endpoint))
        return render_template(self.template, kind=self, form=form, row=row)

    def set_active(self, row, active):
        """Switch a code on or off; documents that already use it keep it."""
        refused = self.refuse_if_read_only(row)
        if refused:
            return refused
        row.active = active
        db.session.commit()
        noun = self.noun.capitalize()
        if active:
            flash(f"{noun} {row.code} is active again.", "success")
        else:
            flash(
                f"{noun} {row.code} deactivated. Documents that use it keep "
                "it; new documents no longer offer it.",
                "success",
            )
        return redirect(url_for(self.list_endpoint))
