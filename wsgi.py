"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi ...`."""

from app import create_app
from app.config import keep_private

keep_private()  # the database, imports, exports and keys: this user's alone
app = create_app()
