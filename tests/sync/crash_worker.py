"""A real worker process for tests: the app under test's config, one queue.

Run as `python -m tests.sync.crash_worker '<config json>'`; the test SIGKILLs it.
"""

import json
import sys

from rq import SimpleWorker

from app import create_app
from app.tasks import queue, redis_connection


def main():
    config = json.loads(sys.argv[1])
    app = create_app(config, instance_path=config["INSTANCE_PATH"])
    with app.app_context():
        # Jobs run inside this process, so a SIGKILL takes the sync down with it.
        SimpleWorker([queue()], connection=redis_connection()).work(burst=True)


if __name__ == "__main__":
    main()
