"""Web under load: office users browse while a large sync runs.

    python bench/load.py [--users 20] [--seconds 60] [--invoices 5000]

A fresh sandbox process (limits lifted), an app database seeded as bench/sync.py
seeds it (SQLite in a temporary folder, or a database lb_bench_load created on the
DATABASE_URL server and dropped), a connected Xero company and --users office users.
Starts gunicorn with deploy/gunicorn.conf.py on a loopback port, then, from a second
process, --users threads that each log in and browse (invoices, an invoice, customer
search, credit notes, payments, reports, the bell) with 0.2-1 s between clicks, while
run_sync sends the invoices in a worker process. The users stop when the sync ends
or after --seconds. Prints p50/p95/max a page, errors, the sync's wall time and the
RSS of the web and worker processes. Target: p95 < 200 ms a page, no errors.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _common as common  # noqa: E402 - needs ROOT on the path
from bench import _sandbox_proc as sandbox  # noqa: E402
from bench import _sync_worker as worker  # noqa: E402
from bench import sync as sync_bench  # noqa: E402

TARGET_MS = 200
THINK = (0.2, 1.0)  # seconds between one user's clicks
PAGES = (  # (name, weight): the bell polls, so it is asked most
    ("invoices list", 3),
    ("invoice page", 3),
    ("customer search", 2),
    ("credit notes", 1),
    ("payments", 1),
    ("reports", 1),
    ("bell", 4),
)
HTMX = {"HX-Request": "true"}
# The sandbox stands in for Xero's servers, which take none of this machine's CPU:
# here it shares the two cores with the pages measured, so it takes what is left.
SANDBOX_NICE = 10


def request_for(name, spec, rng):
    """(path, headers) for one click on the named page."""
    if name == "invoices list":
        return f"/invoices/?page={rng.randint(1, 20)}", {}
    if name == "invoice page":
        return f"/invoices/{rng.choice(spec['invoice_ids'])}", {}
    if name == "customer search":
        query = f"Customer {rng.randint(1, spec['customers']):05d}"[:-1]
        return f"/customers/?q={query}", {**HTMX, "HX-Target": "customer-table"}
    if name == "credit notes":
        return "/credit-notes/", {}
    if name == "payments":
        return f"/payments/?page={rng.randint(1, 5)}", {}
    if name == "reports":
        return "/reports/", {}
    return "/notifications/bell", {**HTMX, "HX-Target": "bell"}


def log_in(base, email, password):
    """A session signed in through the login form, CSRF token and all."""
    session = requests.Session()
    page = session.get(base + "/login", timeout=30)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    if token is None:
        sys.exit("No CSRF token on the login page.")
    reply = session.post(
        base + "/login",
        data={"email": email, "password": password, "csrf_token": token.group(1)},
        allow_redirects=False,
        timeout=30,
    )
    if reply.status_code != 302:
        sys.exit(f"{email} could not log in ({reply.status_code}).")
    return session


def browse(spec, session, seed, results):
    """One user's clicks until the stop file appears or time runs out."""
    rng, stop = random.Random(seed), Path(spec["stop"])
    names = [
        n for n, weight in PAGES for _ in range(weight) if n not in spec["without"]
    ]
    deadline = time.monotonic() + spec["seconds"]
    time.sleep(rng.uniform(*THINK))  # people start at different moments, too
    for _ in range(spec["max_clicks"]):
        if time.monotonic() > deadline or stop.exists():
            return
        name = rng.choice(names)
        path, headers = request_for(name, spec, rng)
        started = time.perf_counter()
        try:
            reply = session.get(
                spec["base"] + path, headers=headers, allow_redirects=False, timeout=30
            )
            status = reply.status_code
        except requests.RequestException as error:
            status = type(error).__name__
        ms = 1000 * (time.perf_counter() - started)
        results.append((name, ms, status, path, time.monotonic()))
        time.sleep(rng.uniform(*THINK))  # a person reading, not synchronisation


def warm_up(spec, sessions):
    """Each user opens every page once, not measured: the office was at work before
    the sync began, so each web worker has served each page (and its queries) at
    least once, as a live server's have."""
    rng = random.Random(0)
    for session in sessions:
        for name, _weight in PAGES:
            path, headers = request_for(name, spec, rng)
            session.get(spec["base"] + path, headers=headers, timeout=30)


def users_process(spec_file):
    """The second process: log every user in, say ready, browse, print JSON."""
    spec = json.loads(Path(spec_file).read_text())
    sessions = [
        log_in(spec["base"], email, spec["password"]) for email in spec["emails"]
    ]
    warm_up(spec, sessions)
    print("ready", flush=True)
    sys.stdin.readline()  # go: the sync's worker is ready too
    results = []  # list.append is atomic: the threads share one list
    threads = [
        threading.Thread(target=browse, args=(spec, session, n, results))
        for n, session in enumerate(sessions)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"seconds": time.monotonic() - started, "clicks": results}))


def seed_users(company_id, count):
    """count office users of the company; their emails."""
    from app.extensions import db
    from app.models import User

    users = []
    for n in range(count):
        user = User(
            company_id=company_id,
            email=f"office{n}-{company_id}@bench.example",
            name=f"Office {n}",
            role=User.OFFICE,
        )
        user.set_password(worker.PASSWORD)
        users.append(user)
    db.session.add_all(users)
    db.session.commit()
    return [user.email for user in users]


def start_worker(folder, config, run_id):
    """run_sync(run_id) in its own process, as bench/sync.py runs it."""
    settings = Path(folder) / "config.json"  # not argv: ps would show the secrets
    settings.touch(mode=0o600)
    settings.write_text(json.dumps(config))
    command = [sys.executable, "-m", "bench._sync_worker", str(settings), str(run_id)]
    return start_when_ready([*command, "--go-on-stdin"], "The worker could not start.")


def start_when_ready(command, failure):
    """Start one of the bench's own processes and wait for it to say "ready"; it
    then waits for "go" on its stdin."""
    process = subprocess.Popen(  # noqa: S603 - this interpreter, our own modules
        command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    if process.stdout.readline().strip() != "ready":
        sys.exit(failure)
    return process


def report(args, clicks, user_seconds, sync, run, made, sampler):
    """Per page p50/p95/max and errors; the sync's time; memory. True if on target."""
    by_page, errors = {}, [c for c in clicks if c[2] != 200]
    for name, ms, *_rest in clicks:
        by_page.setdefault(name, []).append(ms)
    ok = not errors
    print(
        f"Load bench: {args.users} office users for {user_seconds:.1f} s, "
        f"{len(clicks)} requests ({len(clicks) / max(user_seconds, 0.1):.1f}/s) "
        + (
            "with no sync"
            if args.no_sync
            else f"while a {args.invoices:,}-invoice sync ran"
        )
        + "\n"
    )
    print(f"{'page':<18}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, _weight in PAGES:
        if name not in by_page:
            continue  # left out with --without, or never clicked
        times = by_page[name]
        p95 = common.percentile(times, 0.95)
        ok = ok and p95 < TARGET_MS
        print(
            f"{name:<18}{len(times):>9}"
            f"{common.percentile(times, 0.5):>9.1f}{p95:>9.1f}{max(times):>9.1f}  "
            + ("meets" if p95 < TARGET_MS else "MISSES")
            + f" < {TARGET_MS} ms"
        )
    print(f"errors: {len(errors)}")
    # When the slow ones came: a burst at the start is a different story from
    # slowness all along.
    first = min((c[4] for c in clicks), default=0)
    slow = sorted((c for c in clicks if c[1] >= TARGET_MS), key=lambda c: c[4])
    print(
        f"over {TARGET_MS} ms: "
        + (
            ", ".join(f"{c[0]} {c[1]:.0f} ms at {c[4] - first:.1f} s" for c in slow)
            or "none"
        )
    )
    for name, _ms, status, path, *_at in errors[:10]:
        print(f"  {name}: GET {path} -> {status}")
    docs = sum(made.values())
    if not sync["seconds"]:
        print("\nno sync ran (--no-sync)")
        return ok
    print(
        f"\nsync: {run.status}, {docs:,} records created in {sync['seconds']:.1f} s "
        f"under load ({docs / sync['seconds']:.0f}/s); {run.failed} failed"
    )
    hwm_web = max(
        (v for p, v in sampler.hwm.items() if p != sampler.worker_pid), default=0
    )
    print(
        "RSS peak sampled: "
        + ", ".join(f"{k} {v / 1024:.1f} MB" for k, v in sampler.peak.items())
        + f"; VmHWM largest web process {hwm_web / 1024:.1f} MB, worker "
        f"{sampler.hwm.get(sampler.worker_pid, 0) / 1024:.1f} MB "
        f"(worker's own ru_maxrss {sync['max_rss_kb'] / 1024:.1f} MB)"
    )
    return ok and run.status == "succeeded"


def bench(args, folder):
    from app import create_app
    from app.extensions import db
    from app.models import SalesInvoice
    from demo import embedded_redis

    with (
        sandbox.running(folder, nice=SANDBOX_NICE) as base,
        common.database(folder, "lb_bench_load") as uri,
    ):
        config = sync_bench.app_config(folder, base, "lifted", 1.0)
        config["SQLALCHEMY_DATABASE_URI"] = uri
        config["REDIS_URL"] = embedded_redis.url_or_start(
            config["REDIS_URL"], config["INSTANCE_PATH"]
        )
        app = create_app(config, instance_path=config["INSTANCE_PATH"])
        web = None
        try:
            with app.app_context():
                run_id, seeded, _seconds = sync_bench.prepare(
                    app, "xero", args.invoices
                )
                company_id = db.session.scalar(
                    db.select(SalesInvoice.company_id).limit(1)
                )
                emails = seed_users(company_id, args.users)
                invoice_ids = list(db.session.scalars(db.select(SalesInvoice.id)))
                if db.engine.dialect.name == "sqlite":
                    # The seeding's pages go into the database file now, not in a
                    # checkpoint at the sync's first commit: a live database has
                    # no 50 MB write-ahead log waiting.
                    db.session.commit()
                    db.session.execute(db.text("PRAGMA wal_checkpoint(TRUNCATE)"))
                db.session.remove()
            web, web_base = common.start_web(folder, config)
            spec = Path(folder) / "users.json"
            stop = Path(folder) / "stop"
            spec.write_text(
                json.dumps(
                    dict(
                        base=web_base,
                        emails=emails,
                        password=worker.PASSWORD,
                        seconds=args.seconds,
                        max_clicks=args.seconds * 5,
                        stop=str(stop),
                        invoice_ids=invoice_ids,
                        customers=seeded["customers"],
                        without=args.without,
                    )
                )
            )
            sync_process = (
                None if args.no_sync else start_worker(folder, config, run_id)
            )
            users = start_when_ready(
                [sys.executable, __file__, "--users-process", str(spec)],
                "The users process could not log in.",
            )
            for process in (sync_process, users):  # both begin at once
                if process is not None:
                    process.stdin.write("go\n")
                    process.stdin.flush()
            sampler = common.Sampler(web.pid, sync_process and sync_process.pid)
            sampler.start()
            sync_out = '{"seconds": 0, "max_rss_kb": 0}'
            if sync_process:
                sync_out, _ = sync_process.communicate()
                stop.touch()  # the sync is over: the users stop after their next click
            users_out, _ = users.communicate(timeout=args.seconds + 120)
            sampler.done.set()
            sampler.join()
            lines = [line for line in sync_out.splitlines() if line.startswith("{")]
            if not lines:
                sys.exit("The worker died.")
            result = json.loads(users_out.strip().splitlines()[-1])
            with app.app_context():
                run, made = sync_bench.outcome(run_id)
                ok = report(
                    args,
                    result["clicks"],
                    result["seconds"],
                    json.loads(lines[-1]),
                    run,
                    made,
                    sampler,
                )
                db.session.remove()
                db.engine.dispose()
            return ok
        finally:
            if web is not None:
                web.terminate()
                web.wait(timeout=30)
            if not os.environ.get("REDIS_URL"):
                embedded_redis.shutdown(config["INSTANCE_PATH"])


def main():
    if sys.argv[1:2] == ["--users-process"]:
        return users_process(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--invoices", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--no-sync", action="store_true", help="baseline: no sync")
    names = [name for name, _weight in PAGES]
    parser.add_argument("--without", action="append", default=[], choices=names)
    args = parser.parse_args()
    if not (1 <= args.users <= 200 and 1 <= args.seconds <= 3600):
        parser.error("--users must be 1-200 and --seconds 1-3600")
    if args.invoices < 10:
        parser.error("--invoices must be 10 or more")
    common.run_in_temp_folder(
        "lb-load-bench-", args.keep, lambda folder: bench(args, folder)
    )


if __name__ == "__main__":
    main()
