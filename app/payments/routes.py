"""PLACEHOLDER: replaced by a helper."""

from flask import Blueprint

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.route("/")
def index():
    """Placeholder."""
    return "payments"
