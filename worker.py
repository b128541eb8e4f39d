"""The RQ worker and its scheduler: `python worker.py [--no-scheduler|--scheduler]`."""

import argparse
import logging

from rq import Worker
from rq.scheduler import RQScheduler

from app import create_app
from app.config import keep_private
from app.extensions import db
from app.sync import schedule
from app.tasks import give_way_to_pages, queue, redis_connection

log = logging.getLogger("ledgerbridge.worker")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Run jobs and move booked jobs onto the queue when due "
        "(both by default, one machine's worth)."
    )
    role = parser.add_mutually_exclusive_group()
    role.add_argument(
        "--no-scheduler",
        action="store_true",
        help="run jobs only: a separate `--scheduler` process moves booked jobs",
    )
    role.add_argument(
        "--scheduler",
        action="store_true",
        help="only move booked jobs onto the queue when due; run no jobs",
    )
    parser.add_argument(
        "--burst", action="store_true", help="run what is queued, then exit"
    )
    args = parser.parse_args(argv)
    if args.scheduler and args.burst:
        parser.error("--burst is for a worker; the scheduler runs no jobs")
    return args


def run_worker(with_scheduler, burst):
    """An RQ worker on the app's queue, optionally with RQ's scheduler beside it."""
    # Forked work horses must not share the parent's database connections.
    db.engine.dispose()
    Worker([queue()], connection=redis_connection()).work(
        with_scheduler=with_scheduler, burst=burst
    )


class TickKeepingScheduler(RQScheduler):
    """RQ's scheduler that also keeps the automatic-sync tick booked. A worker
    killed in the middle of a tick breaks the chain; once its key lapses, the
    leading scheduler books a new tick on its next pass, with no restart. While
    the chain holds this costs one SET NX a pass, beside RQ's own calls."""

    def enqueue_scheduled_jobs(self):
        super().enqueue_scheduled_jobs()
        if self._acquired_locks:  # a standby leaves it to the leader
            schedule.book_next()


def run_scheduler():
    """RQ's scheduler loop in this process until SIGTERM or SIGINT."""
    # RQ's own loop: it takes the queue's scheduler lock (while another process
    # holds it, it stands by and tries again every two minutes), refreshes it each
    # second, and on either signal releases it before returning, so a restarted
    # or standby scheduler need not wait for the lock to lapse.
    TickKeepingScheduler([queue()], connection=redis_connection()).work()


def main(argv=None):
    args = parse_args(argv)
    keep_private()  # exports and the embedded Redis's files: this user's alone
    app = create_app()
    give_way_to_pages(app)
    with app.app_context():
        if not args.no_scheduler:
            schedule.book_next()  # automatic syncs: keep one tick booked
        role = "Scheduler" if args.scheduler else "Worker"
        log.info("%s on %s (%s)", role, app.config["RQ_QUEUE"], app.config["REDIS_URL"])
        if args.scheduler:
            run_scheduler()
        else:
            run_worker(with_scheduler=not args.no_scheduler, burst=args.burst)


if __name__ == "__main__":
    main()
