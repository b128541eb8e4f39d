"""PLACEHOLDER: replaced by a helper."""

from flask import Blueprint

bp = Blueprint("credit_notes", __name__, url_prefix="/credit-notes")


@bp.route("/")
def index():
    """Placeholder."""
    return "credit_notes"


@bp.route("/new")
def new():
    """Placeholder."""
    return "new"


@bp.route("/<int:credit_note_id>")
def show(credit_note_id):
    """Placeholder."""
    return "show"
