"""The login wall, the admin check and safe ?next= targets."""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.extensions import htmx, login_manager

# Endpoints anyone may reach; every other one needs a signed-in user.
PUBLIC_ENDPOINTS = {"auth.login", "static", "main.healthz"}


@login_manager.unauthorized_handler
def unauthorized():
    """Send the browser to the login page, also from inside an htmx request."""
    login_url = url_for("auth.login", next=safe_next(request.full_path))
    if htmx:
        return "", 401, {"HX-Redirect": login_url}
    return redirect(login_url)


def require_login():
    """The login wall: everything but PUBLIC_ENDPOINTS needs a signed-in user."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    if request.endpoint is None:
        return None  # let the 404 handler answer
    return unauthorized()


def admin_required(view):
    """Only admins; office users get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def safe_next(target):
    """Keep only same-site paths, so ?next= cannot send users elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    if target.startswith("//") or target.startswith("/\\"):
        return None
    return target.rstrip("?") or None
