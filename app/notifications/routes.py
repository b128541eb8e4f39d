"""The bell: unread count, the latest notifications, marking them read."""

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth import safe_next
from app.extensions import db, htmx
from app.models import Notification
from app.notifications.services import latest_for, url_of
from app.web import paginate, render_page

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def bell_context():
    """The bell in the top bar of every signed-in page."""
    if not current_user.is_authenticated:
        return {}
    return {
        "unread_count": Notification.unread_count(current_user),
        "bell_items": latest_for(current_user),
    }


def mine(notification_id):
    """A notification of the signed-in user, else 404."""
    notification = Notification.get_owned_or_404(
        current_user.company_id, notification_id
    )
    if notification.user_id != current_user.id:
        abort(404)
    return notification


def bell_response():
    return render_template(
        "notifications/_bell.html",
        unread_count=Notification.unread_count(current_user),
        bell_items=latest_for(current_user),
    )


@bp.route("/bell")
def bell():
    """The bell fragment; the top bar refreshes it on a timer and on events."""
    return bell_response()


@bp.route("/")
def index():
    """Every notification of the signed-in user, newest first."""
    query = (
        Notification.for_company(current_user.company_id)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    pagination = paginate(query, 25)
    return render_page(
        "notifications/index.html",
        "notifications/_list.html",
        "notification-list",
        pagination=pagination,
    )


@bp.route("/<int:notification_id>/open", methods=["POST"])
def open_notification(notification_id):
    """Mark one read and follow its link."""
    notification = mine(notification_id)
    notification.read = True
    db.session.commit()
    return redirect(url_of(notification) or url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
def read_all():
    """Mark every notification of the signed-in user read."""
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read.is_(False))
        .values(read=True)
    )
    db.session.commit()
    if htmx:
        return bell_response()
    return redirect(
        safe_next(request.form.get("next")) or url_for("notifications.index")
    )
