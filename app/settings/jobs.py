"""Background jobs the settings pages start; they run in the worker's app context."""

import logging

from app.extensions import db
from app.models import Notification, User

log = logging.getLogger(__name__)


def send_test_notification(user_id):
    """Put a notification in this user's bell to show that a worker runs jobs."""
    user = db.session.get(User, user_id)
    if user is None:
        log.warning("Test notification for user %s: no such user", user_id)
        return
    db.session.add(
        Notification(
            company_id=user.company_id,
            user_id=user.id,
            title="Background worker is running",
            body="A worker picked up your test job and ran it. Background jobs work.",
            # No request here, so no url_for: the plain path of the status page.
            link="/settings/system",
        )
    )
    db.session.commit()
