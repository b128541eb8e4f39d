"""Log lines that say which sync run they belong to: `... run=42: message`."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

current_run = ContextVar("current_run", default=None)
FORMAT = "%(asctime)s %(levelname)s %(name)s%(run)s: %(message)s"


def init(level):
    """Every record gets .run (empty outside a run); the root handler shows it."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "adds_run", False):

        def with_run(*args, **kwargs):
            record = factory(*args, **kwargs)
            run_id = current_run.get()
            record.run = f" run={run_id}" if run_id is not None else ""
            return record

        with_run.adds_run = True
        logging.setLogRecordFactory(with_run)
    logging.basicConfig(level=level, format=FORMAT)


@contextmanager
def for_run(run_id):
    """Within this block, every log line carries run=<run_id>."""
    token = current_run.set(run_id)
    try:
        yield
    finally:
        current_run.reset(token)
