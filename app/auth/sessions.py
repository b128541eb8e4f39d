"""Sessions that really end: a per-user version in every session and cookie."""

import re
import secrets

from flask import current_app, g, session
from flask_login import login_user
from flask_wtf.csrf import generate_csrf

from app.extensions import db, login_manager
from app.models import User

# "id:version:nonce", as User.get_id() writes it; ASCII digits only.
TOKEN = re.compile(r"([0-9]{1,18}):([0-9]{1,9}):([A-Za-z0-9_-]{0,64})")


@login_manager.user_loader
def load_user(token):
    """The user a session or remember cookie names, if that session still stands."""
    match = TOKEN.fullmatch(token or "")
    if not match:
        return None  # a cookie from before session versions, or forged
    user = db.session.get(User, int(match[1]))
    if user is None or not user.active or user.session_version != int(match[2]):
        return None
    user.session_nonce = match[3]
    return user


def sign_in(user, remember=False):
    """Start a session with a new remember token and a new CSRF token."""
    user.session_nonce = secrets.token_urlsafe(16)
    login_user(user, remember=remember)
    # A token seen before signing in (on a shared screen, say) must not work after.
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(field, None)
    g.pop(field, None)
    generate_csrf()
