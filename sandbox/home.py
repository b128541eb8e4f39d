"""The sandbox's home page: what arrived in each organisation, for a person to see."""

from flask import Blueprint, current_app, render_template, request

bp = Blueprint("sandbox_home", __name__)

SHOWN = 50  # rows of each section per page, newest first


def page_number():
    return max(request.args.get("page", 1, type=int) or 1, 1)


def section(title, columns, rows, total):
    """One table of the page; the template says "50 of 118" and pages it."""
    page = page_number()
    return {
        "title": title,
        "columns": columns,
        "rows": rows,
        "total": total,
        "first": (page - 1) * SHOWN + 1,
        "page": page,
        "more": page * SHOWN < total,
    }


def uk_date(iso):
    """2026-01-31 (or an ISO datetime) as 31/01/2026, as the app writes dates."""
    return "/".join(reversed(iso[:10].split("-"))) if iso else ""


@bp.route("/")
def index():
    """Each emulator's organisations with what arrived in them."""
    overviews = [
        build() for build in current_app.extensions.get("sandbox_overviews", [])
    ]
    return render_template("sandbox/index.html", overviews=overviews, shown=SHOWN)
