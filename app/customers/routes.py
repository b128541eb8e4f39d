"""PLACEHOLDER: replaced by a helper."""

from flask import Blueprint

bp = Blueprint("customers", __name__, url_prefix="/customers")


@bp.route("/")
def index():
    """Placeholder."""
    return "customers"


@bp.route("/<int:customer_id>/edit")
def edit(customer_id):
    """Placeholder."""
    return "edit"
