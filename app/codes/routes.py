"""PLACEHOLDER: replaced by a helper."""

from flask import Blueprint

bp = Blueprint("codes", __name__, url_prefix="/codes")


@bp.route("/")
def index():
    """Placeholder."""
    return "codes"
