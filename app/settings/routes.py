"""Settings for admins: users, codes, system status."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from redis.exceptions import RedisError
from sqlalchemy.exc import IntegrityError

from app import audit, tasks
from app.auth import admin_required, sign_in, throttle
from app.extensions import db
from app.models import AuditEntry, User
from app.settings import services
from app.settings.forms import EditUserForm, NewUserForm, ResetPasswordForm

bp = Blueprint("settings", __name__, url_prefix="/settings")

EMAIL_TAKEN = (
    "That email address already has an account. Each person signs in with "
    "their own email address."
)


@bp.route("/")
@admin_required
def index():
    """The settings menu."""
    return render_template("settings/index.html")


@bp.route("/users")
@admin_required
def users():
    """Everyone who can sign in to this company."""
    rows = db.session.scalars(
        User.for_company(current_user.company_id).order_by(
            User.active.desc(), User.name, User.email
        )
    ).all()
    return render_template("settings/users.html", users=rows)


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    """Add a person who can sign in to this company."""
    form = NewUserForm()
    if form.validate_on_submit():
        email = User.normalise_email(form.email.data)
        if services.email_taken(email):
            form.email.errors.append(EMAIL_TAKEN)
        else:
            user = User(
                company_id=current_user.company_id,
                email=email,
                name=form.name.data.strip(),
                role=form.role.data,
                active=True,
            )
            user.set_password(form.password.data)
            db.session.add(user)
            audit.record(
                AuditEntry.USER_ADDED,
                f"{email} added as {user.role}",
                details={"user": email, "name": user.name, "role": user.role},
            )
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                form.email.errors.append(EMAIL_TAKEN)
            else:
                flash(f"{user.display_name} can now sign in as {email}.", "success")
                return redirect(url_for("settings.users"))
    return render_template("settings/new_user.html", form=form)


def edit_page(user, form, reset_form):
    return render_template(
        "settings/edit_user.html", user=user, form=form, reset_form=reset_form
    )


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_user(user_id):
    """Change a user's name, role and whether they can sign in."""
    user = User.get_owned_or_404(current_user.company_id, user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        error = services.save_user(
            user,
            current_user._get_current_object(),
            name=form.name.data.strip(),
            role=form.role.data,
            active=form.active.data,
        )
        if error:
            losing = form.role if form.role.data != User.ADMIN else form.active
            losing.errors.append(error)
        else:
            db.session.commit()
            flash(f"{user.display_name} saved.", "success")
            return redirect(url_for("settings.users"))
    return edit_page(user, form, ResetPasswordForm(formdata=None))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@admin_required
def reset_password(user_id):
    """Set a new password for a user, chosen by the admin."""
    user = User.get_owned_or_404(current_user.company_id, user_id)
    reset_form = ResetPasswordForm()
    if reset_form.validate_on_submit():
        user.set_password(reset_form.password.data)
        user.end_sessions()
        audit.record(
            AuditEntry.PASSWORD_RESET,
            f"New password set for {user.email}",
            details={"user": user.email},
        )
        db.session.commit()
        throttle.clear_account(user.email)  # the new password lifts a lock-out
        if user.id == current_user.id:
            sign_in(user)  # the admin's own other sessions end; this one goes on
        flash(
            f"New password set for {user.display_name}. Tell them in person or by "
            "phone, not by email.",
            "success",
        )
        return redirect(url_for("settings.edit_user", user_id=user.id))
    return edit_page(user, EditUserForm(formdata=None, obj=user), reset_form)


@bp.route("/system")
@admin_required
def system():
    """Database, Redis, workers and queue: is the background side running?"""
    return render_template("settings/system.html", status=services.system_status())


@bp.route("/system/test-notification", methods=["POST"])
@admin_required
def test_notification():
    """Queue a job that puts a notification in the bell, proving a worker runs."""
    try:
        tasks.enqueue("app.settings.jobs.send_test_notification", current_user.id)
    except RedisError:
        flash("Redis did not answer, so nothing was queued. Check Redis.", "error")
    else:
        flash("Queued. The bell will show it when a worker has run it.", "success")
    return redirect(url_for("settings.system"))
