"""Background jobs the settings pages start; they run in the worker's app context."""

import logging

from app.extensions import db
from app.models import User
from app.notifications.services import notify

log = logging.getLogger(__name__)


def send_test_notification(user_id):
    """Put a notification in this user's bell to show that a worker runs jobs."""
    user = db.session.get(User, user_id)
    if user is None:
        log.warning("Test notification for user %s: no such user", user_id)
        return
    notify(
        user.company_id,
        [user.id],
        "Background worker is running",
        "A worker picked up your test job and ran it. Background jobs work.",
        "settings.system",
    )
    db.session.commit()
