"""The sandbox's home page: what arrived in each organisation, for a person to see."""

from flask import Blueprint, current_app, render_template

bp = Blueprint("sandbox_home", __name__)


@bp.route("/")
def index():
    """Each emulator's organisations with what arrived in them."""
    overviews = [
        build() for build in current_app.extensions.get("sandbox_overviews", [])
    ]
    return render_template("sandbox/index.html", overviews=overviews)
