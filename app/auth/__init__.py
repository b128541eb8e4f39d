"""Signing in and out, the login wall and the admin check."""

from app.auth.guards import PUBLIC_ENDPOINTS, admin_required, require_login, safe_next
from app.auth.routes import bp
from app.auth.sessions import load_user, sign_in

__all__ = [
    "PUBLIC_ENDPOINTS",
    "admin_required",
    "bp",
    "load_user",
    "require_login",
    "safe_next",
    "sign_in",
]
