"""Sync options: what to pull and push, and how local tax codes map to theirs."""

import json

from flask import Blueprint, flash, make_response, redirect, request, url_for
from flask_login import current_user

from app.audit_trail import changes
from app.auth import admin_required
from app.codes.services import code_order
from app.extensions import db, htmx
from app.integrations.forms import SyncOptionsForm
from app.integrations.services import linked_connection
from app.models import NominalCode, SyncOptions, TaxCode
from app.sync import plan as sync_plan
from app.web import render_page, wants_fragment

FLAGS = (
    "pull_codes",
    "pull_customers",
    "push_invoices",
    "push_credit_notes",
    "push_payments",
)
MAP_PREFIX = "tax_map-"


def options_for(company_id):
    """The company's options, or unsaved defaults."""
    row = db.session.scalar(SyncOptions.for_company(company_id))
    return row or SyncOptions(
        company_id=company_id,
        **dict.fromkeys(FLAGS, True),
        invoice_status=SyncOptions.APPROVED,
        auto_sync="off",
        tax_code_map="{}",
    )


def active_codes(company_id, code_type):
    """The company's active nominal codes of one type ("revenue", "bank")."""
    return db.session.scalars(
        NominalCode.for_company(company_id)
        .where(NominalCode.type == code_type, NominalCode.active.is_(True))
        .order_by(*code_order(NominalCode.code))
    ).all()


def tax_codes(company_id):
    return db.session.scalars(
        TaxCode.for_company(company_id)
        .where(TaxCode.active.is_(True))
        .order_by(TaxCode.code)
    ).all()


def options_form(company_id, formdata=None):
    row = options_for(company_id)
    form = SyncOptionsForm(formdata=formdata, obj=None if formdata else row)
    if formdata is None:
        form.default_sales_nominal_code_id.data = row.default_sales_nominal_code_id or 0
        form.bank_nominal_code_id.data = row.bank_nominal_code_id or 0
    form.default_sales_nominal_code_id.choices = [(0, "– None –")] + [
        (code.id, f"{code.code} {code.name}")
        for code in active_codes(company_id, "revenue")
    ]
    form.bank_nominal_code_id.choices = [(0, "– The first bank account –")] + [
        (code.id, f"{code.code} {code.name}")
        for code in active_codes(company_id, "bank")
    ]
    form.tax_rows = [
        (code, json.loads(row.tax_code_map or "{}").get(code.code, ""))
        for code in tax_codes(company_id)
    ]
    return form


def register(bp: Blueprint):
    """Attach the options route to the integrations blueprint."""

    @bp.route("/options", methods=["POST"])
    @admin_required
    def save_options():
        """Save the sync options; Save & Sync also shows what a sync would do."""
        company_id = current_user.company_id
        form = options_form(company_id, formdata=request.form)
        row = options_for(company_id)
        if not form.validate():
            flash("Check the sync options: " + _first_error(form), "error")
            return back()
        before = changes.options_snapshot(row)
        for name in FLAGS:
            setattr(row, name, getattr(form, name).data)
        row.invoice_status = form.invoice_status.data
        row.auto_sync = form.auto_sync.data
        wanted = form.default_sales_nominal_code_id.data
        owned = {code.id for code in active_codes(company_id, "revenue")}
        row.default_sales_nominal_code_id = wanted if wanted in owned else None
        bank = form.bank_nominal_code_id.data
        row.bank_nominal_code_id = (
            bank
            if bank in {code.id for code in active_codes(company_id, "bank")}
            else None
        )
        mapping = {}
        for code in tax_codes(company_id):
            value = (request.form.get(f"{MAP_PREFIX}{code.id}") or "").strip()[:100]
            if value and value != code.name:
                mapping[code.code] = value
        row.tax_code_map = json.dumps(mapping, sort_keys=True)
        changes.options_changed(before, row)
        db.session.add(row)
        db.session.commit()
        if request.form.get("action") == "sync":
            return confirm_sync(row)
        flash("Sync options saved.", "success")
        return back()


def back():
    """To the integrations page; htmx follows with a full page load, not a swap."""
    url = url_for("integrations.index")
    if htmx:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url)


def enabled(row):
    """The option flags switched on, as run requests."""
    return [name for name in FLAGS if getattr(row, name)]


def confirm_sync(row):
    """The Save & Sync modal (or page): what would sync and what will fail."""
    connection = linked_connection(row.company_id)
    if connection is None or not connection.is_connected:
        flash(
            "Sync options saved, but nothing can sync yet: connect to Xero or "
            "QuickBooks Online first (or reconnect it) above.",
            "error",
        )
        return back()
    if not wants_fragment("modal"):
        flash("Sync options saved.", "success")  # the modal says it itself
    plan = sync_plan.build(connection, row, enabled(row))
    return render_page("sync/confirm.html", "sync/_confirm.html", "modal", plan=plan)


def _first_error(form):
    for errors in form.errors.values():
        return str(errors[0])
    return "please try again."
