"""PLACEHOLDER: replaced by a helper."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.route("/")
def index():
    """Placeholder."""
    return "reports"
