"""Friendly error pages; htmx requests get a short message the page can show."""

import logging

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db, htmx

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        "Something in that request was not right",
        "Go back, check the form and try again.",
    ),
    403: ("This page is for admins", "Ask an admin of your company if you need it."),
    404: (
        "We could not find that page",
        "It may have been removed, or the link is wrong.",
    ),
    405: ("That action is not allowed here", "Use the buttons on the page instead."),
    413: ("That upload is too large", "Choose a smaller file and try again."),
    500: (
        "Something went wrong on our side",
        "Nothing you did caused it. Try again in a moment.",
    ),
}


def render_error(code, title=None, detail=None):
    default_title, default_detail = MESSAGES.get(code, MESSAGES[500])
    title, detail = title or default_title, detail or default_detail
    if htmx:
        return render_template("errors/_error.html", title=title, detail=detail), code
    return render_template(
        "errors/page.html", code=code, title=title, detail=detail
    ), code


def init_app(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            "Your form expired",
            "The page was open too long or you signed in again elsewhere. "
            "Reload the page and submit it again; nothing was saved.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_error(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        log.exception("Unhandled error", exc_info=error.original_exception)
        return render_error(500)
