"""Tax codes and nominal codes: everyone may look, admins may change local ones."""

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

from app.auth import admin_required
from app.codes import services
from app.codes.forms import NominalCodeForm, TaxCodeForm
from app.extensions import db
from app.models import NominalCode, TaxCode
from app.web import page_number, render_page

bp = Blueprint("codes", __name__, url_prefix="/codes")

# What differs between the two kinds of code, so one set of helpers serves both.
KINDS = {
    TaxCode: ("tax code", TaxCodeForm, "codes.tax_codes", "codes/tax_form.html"),
    NominalCode: (
        "nominal code",
        NominalCodeForm,
        "codes.nominal_codes",
        "codes/nominal_form.html",
    ),
}


@bp.route("/")
def index():
    """Codes open on the tax codes list."""
    return redirect(url_for("codes.tax_codes"))


@bp.route("/tax")
def tax_codes():
    """The company's tax codes."""
    rows = db.session.scalars(
        TaxCode.for_company(current_user.company_id).order_by(
            TaxCode.active.desc(), TaxCode.name
        )
    ).all()
    return render_template("codes/tax_codes.html", rows=rows, **list_context(rows))


@bp.route("/nominal")
def nominal_codes():
    """The company's nominal codes, filtered by type and searched by code or name."""
    kind = request.args.get("type", "")
    kind = kind if kind in NominalCode.TYPES else ""
    q = request.args.get("q", "").strip()[:100]
    query = NominalCode.for_company(current_user.company_id).order_by(
        NominalCode.code, NominalCode.id
    )
    if kind:
        query = query.where(NominalCode.type == kind)
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(NominalCode.code.ilike(like), NominalCode.name.ilike(like))
        )
    pagination = db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config["PER_PAGE"] * 2,
        error_out=False,
    )
    return render_page(
        "codes/nominal_codes.html",
        "codes/_nominal_table.html",
        "nominal-table",
        pagination=pagination,
        kind=kind,
        q=q,
        types=NominalCode.TYPES,
        **list_context(pagination.items),
    )


def list_context(rows):
    """What the lists need to show or hide the admin controls."""
    locked = services.read_only_reason(current_user.company)
    return {
        "can_change": current_user.is_admin and locked is None,
        "locked_reason": locked,
        "has_pulled": any(row.source != "local" for row in rows),
        "source_names": services.SOURCE_NAMES,
    }


def refuse_if_read_only(model, row=None):
    """A flash and a redirect to the list when this code cannot be changed here."""
    reason = services.read_only_reason(current_user.company, row)
    if reason is None:
        return None
    flash(reason, "warning")
    return redirect(url_for(KINDS[model][2]))


def form_view(model, row):
    """Show and save the form for a new or existing code of either kind."""
    noun, form_class, list_endpoint, template = KINDS[model]
    refused = refuse_if_read_only(model, row if row.id else None)
    if refused:
        return refused
    form = form_class()
    if row.id and request.method == "GET":
        form.fill(row)
    if form.validate_on_submit():
        code = form.code.data.strip()
        message = f"Code {code} is already used by another {noun}."
        if services.code_taken(model, current_user.company_id, code, row.id):
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
                flash(f"{noun.capitalize()} {row.code} saved.", "success")
                return redirect(url_for(list_endpoint))
    return render_template(template, form=form, row=row)


def set_active(model, row_id, active):
    """Switch a code on or off; documents that already use it keep it."""
    noun, _form, list_endpoint, _template = KINDS[model]
    row = model.get_owned_or_404(current_user.company_id, row_id)
    refused = refuse_if_read_only(model, row)
    if refused:
        return refused
    row.active = active
    db.session.commit()
    if active:
        flash(f"{noun.capitalize()} {row.code} is active again.", "success")
    else:
        flash(
            f"{noun.capitalize()} {row.code} deactivated. Documents that use it keep "
            "it; new documents no longer offer it.",
            "success",
        )
    return redirect(url_for(list_endpoint))


@bp.route("/tax/new", methods=["GET", "POST"])
@admin_required
def new_tax_code():
    """Add a tax code."""
    return form_view(TaxCode, TaxCode(company_id=current_user.company_id))


@bp.route("/tax/<int:tax_code_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_tax_code(tax_code_id):
    """Change a local tax code."""
    return form_view(
        TaxCode, TaxCode.get_owned_or_404(current_user.company_id, tax_code_id)
    )


@bp.route("/tax/<int:tax_code_id>/activate", methods=["POST"])
@admin_required
def activate_tax_code(tax_code_id):
    """Offer a tax code on new documents again."""
    return set_active(TaxCode, tax_code_id, True)


@bp.route("/tax/<int:tax_code_id>/deactivate", methods=["POST"])
@admin_required
def deactivate_tax_code(tax_code_id):
    """Stop offering a tax code on new documents."""
    return set_active(TaxCode, tax_code_id, False)


@bp.route("/nominal/new", methods=["GET", "POST"])
@admin_required
def new_nominal_code():
    """Add a nominal code."""
    return form_view(NominalCode, NominalCode(company_id=current_user.company_id))


@bp.route("/nominal/<int:nominal_code_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_nominal_code(nominal_code_id):
    """Change a local nominal code."""
    return form_view(
        NominalCode,
        NominalCode.get_owned_or_404(current_user.company_id, nominal_code_id),
    )


@bp.route("/nominal/<int:nominal_code_id>/activate", methods=["POST"])
@admin_required
def activate_nominal_code(nominal_code_id):
    """Offer a nominal code on new documents again."""
    return set_active(NominalCode, nominal_code_id, True)


@bp.route("/nominal/<int:nominal_code_id>/deactivate", methods=["POST"])
@admin_required
def deactivate_nominal_code(nominal_code_id):
    """Stop offering a nominal code on new documents."""
    return set_active(NominalCode, nominal_code_id, False)
