"""The Redis connection, the one place jobs are enqueued, and workers' priority."""

import os

from flask import current_app
from redis import Redis
from rq import Queue

JOB_TIMEOUT = 30 * 60
RESULT_TTL = 24 * 3600
FAILURE_TTL = 7 * 24 * 3600


def init_app(app):
    """Connect to REDIS_URL (lazily: building the app starts and dials nothing)."""
    app.extensions["redis"] = Redis.from_url(app.config["REDIS_URL"])


def give_way_to_pages(app):
    """Lower this worker's CPU priority by WORKER_NICE before it starts threads or
    work horses (they inherit it), so syncs and exports use the CPU the web
    processes leave, not the time of someone waiting for a page."""
    nice = app.config.get("WORKER_NICE", 0)
    if nice > 0 and hasattr(os, "nice"):
        os.nice(nice)


def redis_connection():
    return current_app.extensions["redis"]


def queue():
    return Queue(current_app.config["RQ_QUEUE"], connection=redis_connection())


def enqueue(func_path, *ids, job_id=None, delay=None):
    """Enqueue a job by dotted name with plain ids, with explicit timeouts and TTLs;
    with a delay (timedelta), book it for later: the scheduler queues it then."""
    options = {
        "job_id": job_id,
        "job_timeout": JOB_TIMEOUT,
        "result_ttl": RESULT_TTL,
        "failure_ttl": FAILURE_TTL,
    }
    if delay is not None:
        return queue().enqueue_in(delay, func_path, *ids, **options)
    return queue().enqueue(func_path, *ids, **options)
