"""PLACEHOLDER: replaced by a helper."""

from flask import Blueprint

bp = Blueprint("suppliers", __name__, url_prefix="/suppliers")


@bp.route("/")
def index():
    """Placeholder."""
    return "suppliers"
