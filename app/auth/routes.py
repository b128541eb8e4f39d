"""Signing in and out."""

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, logout_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.security import check_password_hash, generate_password_hash

from app import audit
from app.auth import throttle
from app.auth.forms import LoginForm
from app.auth.guards import safe_next
from app.auth.sessions import sign_in
from app.extensions import db
from app.models import AuditEntry, User

bp = Blueprint("auth", __name__)

REFUSED = "That email and password do not match an account."
TOO_LONG = "That was far too long for an email address and password. Type them again."


def dummy_hash():
    """A hash in the configured method: unknown emails are checked against it, so
    they take as long as a wrong password and answer the same."""
    hashes = current_app.extensions.setdefault("sign_in_dummy_hash", {})
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in hashes:
        hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return hashes[method]


def wait_phrase(seconds):
    """'in 15 minutes, at 14:05' in the server's local time."""
    at = (datetime.now().astimezone() + timedelta(seconds=seconds)).strftime("%H:%M")
    if seconds < 60:
        return f"in {seconds} second{'s' * (seconds != 1)}"
    minutes = -(-seconds // 60)
    if minutes < 120:
        return f"in {minutes} minute{'s' * (minutes != 1)}, at {at}"
    return f"in about {round(minutes / 60)} hours, at {at}"


def locked_page(form, lock):
    whose = "this account" if lock.scope == throttle.ACCOUNT else "your network address"
    message = (
        f"Too many failed sign-ins for {whose}, so signing in is paused. "
        f"Try again {wait_phrase(lock.seconds)}."
    )
    return (
        render_template("auth/login.html", form=form, problem=message),
        429,
        {"Retry-After": str(lock.seconds)},
    )


def refuse(form, email, user):
    """Count and record a failed sign-in; the page that says so."""
    lock = throttle.failed(email)
    company_id = user.company_id if user else None
    audit.record(
        AuditEntry.SIGN_IN_FAILED,
        f"Failed sign-in as {email}",
        company_id=company_id,
        email=email,
    )
    if lock:
        audit.record(
            AuditEntry.LOCKED_OUT,
            f"Sign-in paused for {email} after repeated failures",
            company_id=company_id,
            email=email,
            details={"paused": lock.scope, "seconds": lock.seconds},
        )
    db.session.commit()
    if lock:
        return locked_page(form, lock)
    form.password.errors.append(REFUSED)
    return render_template("auth/login.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    email = User.normalise_email(form.email.data)
    lock = throttle.start_attempt(email)
    if lock:
        return locked_page(form, lock)  # even with the right password
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        check_password_hash(dummy_hash(), form.password.data)
        return refuse(form, email, None)
    if not (user.check_password(form.password.data) and user.active):
        return refuse(form, email, user)
    throttle.clear_account(email)
    sign_in(user, remember=form.remember.data)
    audit.record(AuditEntry.SIGNED_IN, "Signed in", actor=user)
    db.session.commit()
    return redirect(safe_next(request.args.get("next")) or url_for("main.index"))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """A sign-in post far past the form's limits: a short answer, nothing echoed."""
    form = LoginForm(formdata=None)
    return render_template("auth/login.html", form=form, problem=TOO_LONG), 413


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out, ending every session and remember cookie of this person."""
    user = current_user._get_current_object()
    user.end_sessions()
    audit.record(AuditEntry.SIGNED_OUT, "Signed out", actor=user)
    db.session.commit()
    logout_user()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
