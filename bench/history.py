"""Sync History at scale: server time of the list, a row's expansion and the poll.

    python bench/history.py [--runs 10000] [--items 1000000] [--requests 60]
                            [--keep] [--profile]

A company with --runs finished runs over the past years and --items items between
them (one large run holds 5% of them, the rest ~100 each, 3% failed or skipped),
plus one running run with its RQ job queued. SQLite in a temporary folder, or, when
DATABASE_URL is set, a database lb_bench_history created on that server and dropped
at the end. Each page is requested --requests times in-process (Flask test client,
admin logged in) after a warm-up; prints p50/p95/max and the SQL it ran, with the
plan of the slowest statement. Targets at p95: list < 50 ms, expand < 30 ms,
poll < 10 ms. Exits 1 if a target is missed.
"""

import argparse
import cProfile
import json
import pstats
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _common as common  # noqa: E402 - needs ROOT on the path

CHUNK = 20_000  # items per bulk insert and commit
KINDS = (("customer", 10), ("invoice", 60), ("payment", 30))
ERRORS = ("tax_code_invalid", "duplicate_document_number", "customer_not_synced")
# SyncItem.FAILED and .SKIPPED, for the million-row loop without an attribute lookup
FAILED, SKIPPED = "failed", "skipped"
TARGETS = {"list": 50, "expand": 30, "poll": 10}
PAGES = (  # (name, target group, what to ask for)
    ("list page 1 (full page)", "list"),
    ("list filtered (htmx fragment)", "list"),
    ("list last page (htmx fragment)", None),
    ("expand a ~100-item run", "expand"),
    ("expand the largest run", "expand"),
    ("progress poll, run active", "poll"),
)


def sizes(runs, items):
    """Items per run, oldest first: the newest-but-two holds 5%, the rest ~100."""
    rng = random.Random(6)
    big = items // 20 if runs > 1 else items
    weights = [rng.uniform(0.2, 1.8) for _ in range(runs - 1)]
    scale = (items - big) / max(sum(weights), 1)
    counts = [int(w * scale) for w in weights]
    counts[-1] += items - big - sum(counts)
    counts.insert(max(0, runs - 3), big)
    return counts


def seed(runs, items):
    """(admin email, {name: run id}) after seeding the history company."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import Company, SyncItem, SyncRun, User
    from app.models.base import utcnow

    company = Company(name="History Bench Ltd", base_currency="GBP", country="GB")
    admin = User(company=company, email="admin@history.example", role=User.ADMIN)
    admin.set_password(common.PASSWORD)
    db.session.add_all([company, admin])
    db.session.commit()
    counts, now, rng = sizes(runs, items), utcnow(), random.Random(7)
    statuses = [SyncRun.SUCCEEDED] * 85 + [SyncRun.WITH_ERRORS] * 10
    statuses += [SyncRun.FAILED] * 4 + [SyncRun.CANCELLED]
    heads = []
    for i, n in enumerate(counts):
        when = now - timedelta(minutes=90 * (runs - i))
        status = SyncRun.WITH_ERRORS if n == max(counts) else rng.choice(statuses)
        scheduled = i % 3 == 0
        heads.append(
            dict(
                company_id=company.id,
                created_at=when,
                started_at=when,
                finished_at=when + timedelta(seconds=5 + n // 20),
                provider="xero" if i % 5 else "quickbooks",
                status=status,
                trigger="schedule" if scheduled else "manual",
                started_by_id=None if scheduled else admin.id,
                kinds="pull_codes,pull_customers,push_invoices,push_payments",
                progress="{}",
                created=n,
            )
        )
    run_ids = []
    for start in range(0, len(heads), CHUNK):
        statement = sa.insert(SyncRun).returning(
            SyncRun.id, sort_by_parameter_order=True
        )
        run_ids += db.session.scalars(statement, heads[start : start + CHUNK]).all()
    db.session.commit()
    batch, failed = [], {}
    for run_id, head, n in zip(run_ids, heads, counts, strict=True):
        bad = head["status"] == SyncRun.WITH_ERRORS
        for j in range(n):
            kind = KINDS[0][0] if j % 10 == 0 else KINDS[1 + (j % 10 >= 7)][0]
            status = SyncItem.OK
            if bad and j % 100 == 1:
                status = FAILED
            elif bad and j % 500 == 2:
                status = SKIPPED
            failed[run_id] = failed.get(run_id, 0) + (status == FAILED)
            batch.append(item_row(run_id, j, kind, status))
            if len(batch) >= CHUNK:
                db.session.execute(sa.insert(SyncItem.__table__), batch)
                db.session.commit()
                batch = []
    if batch:
        db.session.execute(sa.insert(SyncItem.__table__), batch)
    for run_id, count in failed.items():
        if count:
            db.session.execute(
                sa.update(SyncRun).where(SyncRun.id == run_id).values(failed=count)
            )
    db.session.commit()
    # The run of page 1 nearest 100 items, and the largest of all.
    typical = min(range(max(0, runs - 24), runs), key=lambda i: abs(counts[i] - 100))
    largest = counts.index(max(counts))
    picks = {
        "typical": run_ids[typical],
        "largest": run_ids[largest],
        "typical_size": counts[typical],
        "largest_size": counts[largest],
    }
    return admin.email, picks


def item_row(run_id, j, kind, status):
    """One item row for the bulk insert."""
    local_id = 1 + j
    row = dict(
        run_id=run_id,
        kind=kind,
        local_id=local_id,
        label=f"{kind.title()} BN-{local_id:06d}",
        remote_id=f"{run_id:08x}-{j:04x}-4000-8000-{local_id:012x}",
        action="created",
        status=status,
    )
    if status == FAILED:
        code = ERRORS[j % len(ERRORS)]
        row.update(error_code=code, provider_message=f"A validation error ({code}).")
    elif status == SKIPPED:
        row.update(action="skipped", note="Its customer failed, so it waited.")
    return row


def start_active_run(admin_email):
    """A running run with its job queued in Redis, as the poll sees mid-sync."""
    from app.extensions import db
    from app.models import SyncRun, User
    from app.models.base import utcnow
    from app.sync import runs

    admin = db.session.scalar(db.select(User).where(User.email == admin_email))
    run, _created = runs.start(
        admin.company_id, "xero", ["push_invoices"], user=admin, trigger="manual"
    )
    run.status, run.started_at, run.heartbeat_at = SyncRun.RUNNING, utcnow(), utcnow()
    run.progress = json.dumps({"customer": [500, 500], "invoice": [1200, 5000]})
    db.session.commit()
    return run.id


def requests_for(picks, active_id, runs):
    """(path, headers, text the reply must hold) for each page measured."""
    from app.models import SyncRun

    def htmx(target):
        return {"HX-Request": "true", "HX-Target": target}

    typical, largest = picks["typical"], picks["largest"]
    last = (runs + 1 + 24) // 25  # the seeded runs and the active one, 25 a page
    return [
        ("/settings/history/", {}, "history-runs"),
        (
            f"/settings/history/?status={SyncRun.WITH_ERRORS}&provider=quickbooks"
            "&date_from=01/01/2000",
            htmx("history-runs"),
            "run-row",
        ),
        (f"/settings/history/?page={last}", htmx("history-runs"), "run-row"),
        (
            f"/settings/history/{typical}/items",
            htmx(f"run-{typical}-slot"),
            f"run-{typical}-items",
        ),
        (
            f"/settings/history/{largest}/items",
            htmx(f"run-{largest}-slot"),
            "Failed (",
        ),
        (
            f"/sync/progress?seen={active_id}:running",
            htmx("sync-progress"),
            "hx-trigger",
        ),
    ]


def report(engine, name, group, times, statements):
    """One page's line, its SQL in short, and the slowest statement's plan."""
    p50, p95 = common.percentile(times, 0.5), common.percentile(times, 0.95)
    target = TARGETS.get(group)
    verdict = "" if target is None else (" meets" if p95 < target else " MISSES")
    verdict += f" < {target} ms" if target else ""
    sql_ms = 1000 * sum(s for s, _t, _p in statements)
    print(
        f"{name:<34}{p50:>8.1f}{p95:>8.1f}{max(times):>8.1f}"
        f"{len(statements):>6}{sql_ms:>8.1f} {verdict}"
    )
    slowest = max(statements, key=lambda s: s[0], default=None)
    if slowest and slowest[0] * 1000 > 2:
        seconds, text, params = slowest
        print(
            f"    slowest SQL {1000 * seconds:.1f} ms: {' '.join(text.split())[:300]}"
        )
        for line in common.explain(engine, text, params):
            print(f"      {line}")
    return target is None or p95 < target


def prepare(args, app):
    """Seed and analyse; (engine, admin email, picks, active run id, seconds)."""
    from app.extensions import db

    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        email, picks = seed(args.runs, args.items)
        with db.engine.connect() as conn:
            for n, spec in enumerate(args.index):  # an index to try, e.g. for a fix
                conn.exec_driver_sql(f"CREATE INDEX bench_ix_{n} ON {spec}")
            # Fresh statistics (and on PostgreSQL a visibility map, so counts can be
            # index-only), as autovacuum gives a database that grew over years.
            conn.commit()
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE"
                )
            else:
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
        seeding = time.perf_counter() - started
        active_id = start_active_run(email)
        db.session.remove()
        return db.engine, email, picks, active_id, seeding


def measure_all(args, app):
    """Seed, log in, time every page; True when each meets its target."""
    engine, email, picks, active_id, seeding = prepare(args, app)
    # Outside any app context: each request gets its own, as in production.
    client = app.test_client()
    login = client.post("/login", data={"email": email, "password": common.PASSWORD})
    if login.status_code != 302:
        sys.exit("The bench admin could not log in.")
    print(
        f"History bench on {engine.dialect.name}: {args.runs:,} runs, "
        f"{args.items:,} items, seeded in {seeding:.1f} s; extra indexes "
        f"{args.index or 'none'}; typical run "
        f"{picks['typical_size']} items, largest {picks['largest_size']:,}; "
        f"{args.requests} requests each, ms (server time, in-process)\n"
    )
    print(f"{'page':<34}{'p50':>8}{'p95':>8}{'max':>8}{'SQL':>6}{'SQL ms':>8}")
    timer, ok = common.StatementTimer(engine), True
    for (name, group), (path, headers, expect) in zip(
        PAGES, requests_for(picks, active_id, args.runs), strict=True
    ):
        profiler = cProfile.Profile() if args.profile else None
        times, statements = common.measure(
            client, timer, path, headers, expect, args.requests, profiler
        )
        ok = report(engine, name, group, times, statements) and ok
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    engine.dispose()
    return ok


def bench(args, folder):
    from app import create_app
    from demo import embedded_redis

    instance = Path(folder) / "instance"
    with common.database(folder, "lb_bench_history") as uri:
        config = common.app_config(instance, uri, SYNC_STALE_SECONDS=3600)
        embedded = not config["REDIS_URL"]
        config["REDIS_URL"] = embedded_redis.url_or_start(config["REDIS_URL"], instance)
        app = create_app(config, instance_path=instance)
        try:
            return measure_all(args, app)
        finally:
            if embedded:
                embedded_redis.shutdown(str(instance))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument(
        "--index", action="append", default=[], help='try "sync_items (run_id, ...)"'
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each page")
    args = parser.parse_args()
    if args.runs < 30 or args.items < args.runs or args.requests < 1:
        parser.error("need --runs >= 30, --items >= --runs and --requests >= 1")
    common.run_in_temp_folder(
        "lb-history-bench-", args.keep, lambda folder: bench(args, folder)
    )


if __name__ == "__main__":
    main()
