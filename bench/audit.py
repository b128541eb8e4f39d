"""The audit trail at scale: server time of its page, deep pages, filters and CSV.

    python bench/audit.py [--entries 1000000] [--requests 60] [--keep] [--profile]

A company with --entries audit entries over the past two years (five people, every
kind, sign-ins the most), and another company's entries woven between them (a
tenth as many). SQLite in a temporary folder, or, when DATABASE_URL is set, a
database lb_bench_audit created on that server and dropped at the end. Each page
is requested --requests times in-process (Flask test client, admin logged in)
after a warm-up; prints p50/p95/max and the SQL it ran, with the plan of the
slowest statement. The CSV is timed to its first rows (the header, then a first
batch of 500).
Target: p95 < 50 ms for every line. Exits 1 if one is missed.
"""

import argparse
import cProfile
import pstats
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _common as common  # noqa: E402 - needs ROOT on the path

CHUNK = 20_000  # entries per bulk insert and commit
TARGET = 50
SPAN = timedelta(days=730)
KINDS = (  # (kind, weight): what an office's trail is mostly made of
    ("signed_in", 40),
    ("signed_out", 25),
    ("sign_in_failed", 8),
    ("sync_started", 12),
    ("retry_started", 3),
    ("options_changed", 4),
    ("excluded", 3),
    ("included", 2),
    ("connected", 1),
    ("disconnected", 1),
    ("credentials_saved", 1),
)
SIGN_INS = ("signed_in", "signed_out", "sign_in_failed")
OPTIONS = {
    "before": {"auto_sync": "off", "push_payments": True},
    "after": {"auto_sync": "daily", "push_payments": False},
}


def seed(entries):
    """(admin email, picks) after seeding the company and its neighbour."""
    import json

    import sqlalchemy as sa

    from app.extensions import db
    from app.models import AuditEntry, Company, User

    company = Company(name="Audit Bench Ltd", base_currency="GBP", country="GB")
    other = Company(name="Neighbour Ltd", base_currency="GBP", country="GB")
    people = [
        User(company=company, email=f"person{n}@audit.example", role=User.ADMIN)
        for n in range(4)
    ]
    people.append(User(company=company, email="office@audit.example"))
    stranger = User(company=other, email="admin@neighbour.example", role=User.ADMIN)
    for person in (*people, stranger):
        person.set_password(common.PASSWORD)
    db.session.add_all([company, other, *people, stranger])
    db.session.commit()
    rng = random.Random(11)
    kinds = [kind for kind, weight in KINDS for _ in range(weight)]
    total = entries + entries // 10
    start, step = datetime.now(UTC) - SPAN, SPAN / total
    options = json.dumps(OPTIONS)
    batch = []
    for n in range(total):
        theirs = n % 11 == 10  # one in eleven belongs to the neighbour
        person = stranger if theirs else people[rng.randrange(5)]
        kind = rng.choice(kinds)
        if person is people[4] and kind not in SIGN_INS:
            person = people[0]  # the office user only signs in and out
        batch.append(
            dict(
                company_id=other.id if theirs else company.id,
                created_at=start + step * n,
                kind=kind,
                actor_id=person.id,
                actor_email=person.email,
                address=f"198.51.100.{rng.randrange(1, 255)}",
                summary=f"{kind.replace('_', ' ').capitalize()} (bench entry {n}).",
                details=options if kind == "options_changed" else "{}",
            )
        )
        if len(batch) >= CHUNK:
            db.session.execute(sa.insert(AuditEntry), batch)
            db.session.commit()
            batch = []
    if batch:
        db.session.execute(sa.insert(AuditEntry), batch)
        db.session.commit()
    mine = sa.select(AuditEntry.id).where(AuditEntry.company_id == company.id)
    deep = db.session.scalar(  # the entry 90% of the way down the list
        mine.order_by(AuditEntry.id.desc()).offset(entries * 9 // 10).limit(1)
    )
    picks = {"deep": deep, "person": people[3].id, "office": people[4].id}
    return people[0].email, picks


def requests_for(picks):
    """(name, path, headers, text the reply must hold) for each page measured."""
    htmx = {"HX-Request": "true", "HX-Target": "audit-entries"}
    a_year_ago = (datetime.now(UTC) - timedelta(days=365)).date()
    month = (
        f"date_from={a_year_ago.strftime('%d/%m/%Y')}"
        f"&date_to={(a_year_ago + timedelta(days=30)).strftime('%d/%m/%Y')}"
    )
    person, deep, office = picks["person"], picks["deep"], picks["office"]
    return [
        ("first page (full page)", "/settings/audit/", {}, "audit-row"),
        ("a deep page, 90% down (htmx)", f"/settings/audit/?before={deep}", htmx,
         "audit-row"),
        ("by person (htmx)", f"/settings/audit/?actor={person}", htmx, "audit-row"),
        ("by kind, options (htmx)", "/settings/audit/?kind=options_changed", htmx,
         "audit-row"),
        ("by kind, rarest (htmx)", "/settings/audit/?kind=credentials_saved", htmx,
         "audit-row"),
        ("a month a year ago (htmx)", f"/settings/audit/?{month}", htmx, "audit-row"),
        ("person + rare kind (htmx)",
         f"/settings/audit/?actor={person}&kind=connected", htmx, "audit-row"),
        ("office + a kind never theirs",
         f"/settings/audit/?actor={office}&kind=options_changed", htmx,
         "No entries match"),
        ("person + kind + month, deep", f"/settings/audit/?actor={person}"
         f"&kind=signed_in&{month}&before={deep}", htmx, "audit-"),
    ]  # fmt: skip


def measure_csv(client, timer, path, count, profiler=None):
    """Times in ms to the CSV's first rows (header and a first batch)."""
    times = []
    for n in range(3 + count):
        timer.take()
        if profiler and n >= 3:
            profiler.enable()
        started = time.perf_counter()
        reply = client.get(path)
        chunks = iter(reply.response)
        head, first = next(chunks), next(chunks)
        elapsed = 1000 * (time.perf_counter() - started)
        if profiler and n >= 3:
            profiler.disable()
        reply.close()
        if reply.status_code != 200 or b"When,Who" not in head or not first:
            raise SystemExit(f"GET {path} answered {reply.status_code}")
        if n >= 3:
            times.append(elapsed)
    return times, timer.take()


def report(engine, name, times, statements):
    """One page's line, its SQL in short, and the slowest statement's plan."""
    p50, p95 = common.percentile(times, 0.5), common.percentile(times, 0.95)
    verdict = f"meets < {TARGET} ms" if p95 < TARGET else f"MISSES < {TARGET} ms"
    sql_ms = 1000 * sum(s for s, _t, _p in statements)
    print(
        f"{name:<34}{p50:>8.1f}{p95:>8.1f}{max(times):>8.1f}"
        f"{len(statements):>6}{sql_ms:>8.1f}  {verdict}"
    )
    slowest = max(statements, key=lambda s: s[0], default=None)
    if slowest and slowest[0] * 1000 > 2:
        seconds, text, params = slowest
        sql = " ".join(text.split())[:300]
        print(f"    slowest SQL {1000 * seconds:.1f} ms: {sql}")
        for line in common.explain(engine, text, params):
            print(f"      {line}")
    return p95 < TARGET


def prepare(args, app):
    """Seed and analyse; (engine, admin email, picks, seconds)."""
    from app.extensions import db

    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        email, picks = seed(args.entries)
        with db.engine.connect() as conn:
            conn.commit()
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE"
                )
            else:
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
        seeding = time.perf_counter() - started
        db.session.remove()
        return db.engine, email, picks, seeding


def measure_all(args, app):
    """Seed, log in, time every page and the CSV; True when each meets the target."""
    engine, email, picks, seeding = prepare(args, app)
    client = app.test_client()
    login = client.post("/login", data={"email": email, "password": common.PASSWORD})
    if login.status_code != 302:
        sys.exit("The bench admin could not log in.")
    print(
        f"Audit trail bench on {engine.dialect.name}: {args.entries:,} entries "
        f"(+{args.entries // 10:,} of another company), seeded in {seeding:.1f} s; "
        f"{args.requests} requests each, ms (server time, in-process)\n"
    )
    print(f"{'page':<34}{'p50':>8}{'p95':>8}{'max':>8}{'SQL':>6}{'SQL ms':>8}")
    timer, ok = common.StatementTimer(engine), True
    for name, path, headers, expect in requests_for(picks):
        profiler = cProfile.Profile() if args.profile else None
        times, statements = common.measure(
            client, timer, path, headers, expect, args.requests, profiler
        )
        ok = report(engine, name, times, statements) and ok
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    profiler = cProfile.Profile() if args.profile else None
    times, statements = measure_csv(
        client, timer, "/settings/audit/export.csv", args.requests, profiler
    )
    ok = report(engine, "CSV, to its first 500 rows", times, statements) and ok
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    engine.dispose()
    return ok


def bench(args, folder):
    from app import create_app
    from demo import embedded_redis

    instance = Path(folder) / "instance"
    with common.database(folder, "lb_bench_audit") as uri:
        config = common.app_config(instance, uri)
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
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--profile", action="store_true", help="cProfile each page")
    args = parser.parse_args()
    if args.entries < 1_000 or args.requests < 1:
        parser.error("need --entries >= 1000 and --requests >= 1")
    common.run_in_temp_folder(
        "lb-audit-bench-", args.keep, lambda folder: bench(args, folder)
    )


if __name__ == "__main__":
    main()
