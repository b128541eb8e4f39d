"""Signing in and out, the login wall and the admin check."""

from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email

from app.extensions import db, htmx, login_manager
from app.models import User
from app.money import whole_number

bp = Blueprint("auth", __name__)

# Endpoints anyone may reach; every other one needs a signed-in user.
PUBLIC_ENDPOINTS = {"auth.login", "static", "main.healthz"}


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired(), Email()],
        filters=[lambda value: value.strip() if value else value],
    )
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me signed in")


@login_manager.user_loader
def load_user(user_id):
    number = whole_number(user_id)  # "²".isdigit() is True; int("²") raises
    user = db.session.get(User, number) if number is not None else None
    return user if user and user.active else None


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


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            sa.select(User).where(User.email == User.normalise_email(form.email.data))
        )
        if user and user.active and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            return redirect(
                safe_next(request.args.get("next")) or url_for("main.index")
            )
        form.password.errors.append("That email and password do not match an account.")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out."""
    logout_user()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
