"""The RQ worker, with its scheduler: `python worker.py`."""

import logging

from rq import Worker

from app import create_app
from app.extensions import db
from app.sync import schedule
from app.tasks import queue, redis_connection

log = logging.getLogger("ledgerbridge.worker")


def main():
    app = create_app()
    with app.app_context():
        # Forked work horses must not share the parent's database connections.
        db.engine.dispose()
        schedule.book_next()  # automatic syncs: keep one tick booked
        log.info(
            "Worker listening on %s (%s)",
            app.config["RQ_QUEUE"],
            app.config["REDIS_URL"],
        )
        Worker([queue()], connection=redis_connection()).work(with_scheduler=True)


if __name__ == "__main__":
    main()
