"""gunicorn settings: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")  # nginx in front; never public
# htmx polling is light; a couple of workers per core with threads covers an office.
workers = int(os.environ.get("WEB_WORKERS", min(4, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("WEB_THREADS", 4))
worker_class = "gthread"
timeout = 60  # Save & Sync's preflight reads the package: allow for a slow answer
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then; jitter avoids all at once
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"  # trust X-Forwarded-Proto from the local nginx


def post_worker_init(worker):
    """Compile every page template before this worker takes its first request, so
    the first people to reach a freshly started (or recycled) worker do not wait
    for it. About a second of CPU per worker, once."""
    env = worker.wsgi.jinja_env
    for name in env.loader.list_templates():
        if name.endswith(".html"):
            env.get_template(name)
