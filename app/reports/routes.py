"""Reports: a sales summary and aged debtors for the signed-in company."""

from flask import Blueprint, render_template
from flask_login import current_user

from app.reports import services

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.route("/")
def index():
    """What was invoiced, what is owed and how late it is."""
    return render_template(
        "reports/index.html",
        summary=services.summary(current_user.company_id),
        buckets=[label for label, _upper in services.BUCKETS],
    )
