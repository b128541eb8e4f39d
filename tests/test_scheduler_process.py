"""worker.py's roles as real processes: a scheduler alone, a worker without one."""

import os
import signal
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from rq import Queue
from rq.job import Job, JobStatus
from rq.scheduler import RQScheduler
from rq.utils import current_timestamp

from app import ROOT, tasks
from app.models.base import utcnow
from app.sync import schedule
from tests.sync.test_worker_crash import wait_for

BOOKED = "tests.test_scheduler_process.booked"


def booked():
    """The job these tests book: it only has to run."""
    return "ran"


@pytest.fixture
def queue(app):
    """A queue of the test's own, so no worker or scheduler of another test leads."""
    redis = tasks.redis_connection()
    redis.delete(schedule.CHAIN_KEY)  # so the process under test books the tick
    return Queue(f"ledgerbridge-test-{uuid.uuid4().hex[:8]}", connection=redis)


@pytest.fixture
def start(queue, test_config, tmp_path):
    """Start `python worker.py <flags>` as systemd would, on the test DB and Redis."""
    env = {
        **os.environ,
        "DATABASE_URL": test_config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": test_config["REDIS_URL"],
        "RQ_QUEUE": queue.name,
        "SECRET_KEY": "scheduler-test-secret",
        "INSTANCE_PATH": str(tmp_path),
    }
    started = []

    def run(*flags):
        started.append(
            subprocess.Popen(  # noqa: S603 - our own worker.py, fixed arguments
                [sys.executable, "worker.py", *flags], cwd=ROOT, env=env
            )
        )
        return started[-1]

    yield run
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def booked_ticks(queue):
    """The automatic-sync ticks waiting in the queue's scheduled registry."""
    registry = queue.scheduled_job_registry
    jobs = Job.fetch_many(registry.get_job_ids(), connection=queue.connection)
    return [job for job in jobs if job is not None and job.func_name == schedule.TICK]


def test_the_scheduler_moves_a_booked_job_onto_the_queue_when_due(queue, start):
    job = queue.enqueue_in(timedelta(seconds=2), BOOKED)
    registry = queue.scheduled_job_registry
    assert job.id in registry.get_job_ids() and queue.count == 0
    scheduler = start("--scheduler")
    wait_for(lambda: job.id in queue.get_job_ids(), seconds=30)
    assert job.id not in registry.get_job_ids()
    assert job.get_status(refresh=True) == JobStatus.QUEUED  # moved, never run
    assert scheduler.poll() is None  # it keeps going


def test_the_scheduler_books_the_automatic_sync_tick(queue, start):
    start("--scheduler")
    [tick] = wait_for(lambda: booked_ticks(queue), seconds=30)
    assert queue.connection.exists(schedule.CHAIN_KEY)
    due = queue.scheduled_job_registry.get_scheduled_time(tick)
    expected = utcnow() + timedelta(seconds=schedule.TICK_SECONDS)
    assert abs(due - expected) < timedelta(seconds=30)


def test_the_scheduler_books_a_new_tick_when_the_chain_breaks(queue, start):
    """A worker killed mid-tick never books the next one: once the chain key has
    lapsed, the running scheduler books it, no restart needed."""
    start("--scheduler")
    [tick] = wait_for(lambda: booked_ticks(queue), seconds=30)
    queue.scheduled_job_registry.remove(tick)  # picked up, then its worker died
    queue.connection.delete(schedule.CHAIN_KEY)  # ... and the key lapsed
    [again] = wait_for(lambda: booked_ticks(queue), seconds=30)
    assert again.id != tick.id
    assert queue.connection.exists(schedule.CHAIN_KEY)


def test_background_processes_give_way_to_pages(queue, start):
    """worker.py lowers its CPU priority by WORKER_NICE (10 unless set), so a big
    sync on a small server takes the CPU the web processes leave."""
    scheduler = start("--scheduler")
    lock = RQScheduler.get_locking_key(queue.name)
    wait_for(lambda: queue.connection.get(lock) is not None, seconds=30)
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, scheduler.pid) == min(ours + 10, 19)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_scheduler_cleanly_and_frees_its_lock(queue, start, signum):
    scheduler = start("--scheduler")
    lock = RQScheduler.get_locking_key(queue.name)
    wait_for(lambda: queue.connection.get(lock) is not None, seconds=30)
    scheduler.send_signal(signum)
    assert scheduler.wait(timeout=30) == 0
    # Released, not left to lapse: a standby or a restart can lead at once.
    assert queue.connection.get(lock) is None


@pytest.mark.parametrize(("flags", "moves"), [(("--no-scheduler",), False), ((), True)])
def test_only_a_worker_with_its_scheduler_moves_due_jobs(queue, start, flags, moves):
    job = queue.enqueue_at(utcnow() - timedelta(seconds=1), BOOKED)
    registry = queue.scheduled_job_registry
    assert job.id in registry.get_jobs_to_schedule(current_timestamp())  # due now
    worker = start(*flags, "--burst")
    assert worker.wait(timeout=60) == 0
    if moves:
        assert job.get_status(refresh=True) == JobStatus.FINISHED
        assert job.return_value() == "ran"
        assert len(booked_ticks(queue)) == 1  # the default worker books it too
    else:
        # Its burst run is over and no scheduler ran: the job still waits, unrun.
        assert job.get_status(refresh=True) == JobStatus.SCHEDULED
        assert registry.get_job_ids() == [job.id]  # nor did it book a tick
        assert queue.count == 0
