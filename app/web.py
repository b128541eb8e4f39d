"""Request plumbing shared by every page: login wall, headers, filters, htmx."""

import re

from flask import Request, make_response, render_template, request
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items

from app.auth import require_login
from app.extensions import db, htmx
from app.money import format_money

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
    ),
}


PAGE = re.compile(r"[0-9]+")  # ASCII digits: int() would also take "１２" or "1_0"
MAX_PAGE = 10**9


class NulFreeMultiDict(ImmutableMultiDict):
    """Query and form values without NUL characters, which PostgreSQL text refuses."""

    def __init__(self, mapping=None):
        if mapping is not None:
            mapping = [
                (key.replace("\x00", ""), strip_nul(value))
                for key, value in iter_multi_items(mapping)
            ]
        super().__init__(mapping)


def strip_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class CleanRequest(Request):
    parameter_storage_class = NulFreeMultiDict


def wants_fragment(target):
    """True for an htmx request aimed at `target`, not a boost or history restore."""
    return bool(
        htmx
        and not htmx.boosted
        and not htmx.history_restore_request
        and htmx.target == target
    )


def render_page(page, fragment, target, **context):
    """Render the fragment for htmx requests aimed at it, else the full page."""
    template = fragment if wants_fragment(target) else page
    response = make_response(render_template(template, **context))
    response.headers["Vary"] = "HX-Request, HX-Target"
    return response


def page_number():
    """?page= as a positive int (huge ones clamped); anything else means page 1."""
    text = request.args.get("page", "").strip()
    if not PAGE.fullmatch(text):
        return 1
    text = text.lstrip("0") or "0"
    # Beyond MAX_PAGE no list reaches, and an OFFSET past 2**63 is an error.
    page = MAX_PAGE if len(text) > len(str(MAX_PAGE)) else int(text)
    return max(1, min(page, MAX_PAGE))


def paginate(query, per_page, page=None):
    """One page of `query` (?page= unless given); past the end, the last page."""
    page = page_number() if page is None else max(1, min(page, MAX_PAGE))
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    if pagination.pages and page > pagination.pages:
        pagination = db.paginate(
            query, page=pagination.pages, per_page=per_page, error_out=False
        )
    return pagination


def init_app(app):
    app.request_class = CleanRequest
    app.before_request(require_login)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if current_user.is_authenticated:
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.add_template_filter(format_money, "money")

    @app.template_filter("price")
    def price(value):
        # Unit prices keep up to 4 decimals (0.125 stays 0.125); totals use |money.
        from app.line_editor import plain

        return "£" + plain(value) if value is not None else ""

    @app.template_filter("quantity")
    def quantity(value):
        # normalize() alone would print 10 as 1E+1.
        from app.line_editor import plain

        return plain(value, 0) if value is not None else ""

    @app.template_filter("ukdate")
    def ukdate(value):
        return value.strftime("%d/%m/%Y") if value else ""

    @app.template_filter("ukdatetime")
    def ukdatetime(value):
        # Stored in UTC; shown in the server's local time, which the install sets.
        return value.astimezone().strftime("%d/%m/%Y %H:%M") if value else ""
