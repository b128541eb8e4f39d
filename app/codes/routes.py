"""Tax codes and nominal codes: everyone may look, admins may change local ones."""

import sqlalchemy as sa
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.codes import services
from app.codes.forms import NominalCodeForm, TaxCodeForm
from app.codes.views import CodeViews
from app.extensions import db
from app.models import NominalCode, TaxCode
from app.web import paginate, render_page

bp = Blueprint("codes", __name__, url_prefix="/codes")

TAX = CodeViews(TaxCode, "tax_code", "tax", TaxCodeForm)
NOMINAL = CodeViews(NominalCode, "nominal_code", "nominal", NominalCodeForm)
TAX.register(bp)
NOMINAL.register(bp)


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
    return render_template("codes/tax_codes.html", rows=rows, **list_context(TAX, rows))


@bp.route("/nominal")
def nominal_codes():
    """The company's nominal codes, filtered by type and searched by code or name."""
    type_filter = request.args.get("type", "")
    type_filter = type_filter if type_filter in NominalCode.TYPES else ""
    q = request.args.get("q", "").strip()[:100]
    query = NominalCode.for_company(current_user.company_id).order_by(
        *services.code_order(NominalCode.code), NominalCode.id
    )
    if type_filter:
        query = query.where(NominalCode.type == type_filter)
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(NominalCode.code.ilike(like), NominalCode.name.ilike(like))
        )
    pagination = paginate(query, current_app.config["PER_PAGE"] * 2)
    return render_page(
        "codes/nominal_codes.html",
        "codes/_nominal_table.html",
        "nominal-table",
        pagination=pagination,
        type_filter=type_filter,
        q=q,
        types=NominalCode.TYPES,
        **list_context(NOMINAL, pagination.items),
    )


def list_context(views, rows):
    """What the lists need to show or hide the admin controls."""
    locked = services.read_only_reason(current_user.company)
    return {
        "kind": views,
        "can_change": current_user.is_admin and locked is None,
        "locked_reason": locked,
        "has_pulled": any(row.source != "local" for row in rows),
        "source_names": services.SOURCE_NAMES,
    }
