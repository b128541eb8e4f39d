"""PLACEHOLDER: replaced by a helper."""

from flask import Blueprint

bp = Blueprint("purchases", __name__, url_prefix="/purchases")


@bp.route("/")
def index():
    """Placeholder."""
    return "purchases"
