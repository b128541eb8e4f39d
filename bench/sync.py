"""Sync engine bench: API calls, time per document and worker memory for N invoices.

    python bench/sync.py --provider xero|quickbooks --invoices N [--limits real]
                         [--time-scale S] [--keep] [--profile]

A fresh sandbox (own process, one core, limits lifted unless --limits real) and a
fresh app database: a company, the demo codes, N approved invoices (1-3 lines, every
third paid) for N/10 new customers. It connects through the sandbox's consent page,
runs run_sync in a worker process (python -m bench._sync_worker), then reports write
calls against the minimum (ceil(n/50) a kind for Xero, ceil(n/30) for QuickBooks),
reads, wall time, documents a second, the engine's own time (wall time less HTTP
and rate-limit sleeps) and the worker's peak RSS; with --limits real, throughput
against the steady ceiling of the scaled limits and against the best the sandbox's
fixed windows allow this run. Exits 1 unless everything was sent.
"""

import argparse
import json
import math
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.providers.registry import CLIENTS  # noqa: E402
from bench import _common as common  # noqa: E402 - needs ROOT on the path
from bench import _sandbox_proc as sandbox  # noqa: E402
from bench import _sync_worker as worker  # noqa: E402

BATCH = {name: client.batch_size for name, client in CLIENTS.items()}
KINDS = ("customers", "invoices", "payments")
ITEM_KINDS = {"customer": "customers", "invoice": "invoices", "payment": "payments"}
EVERYTHING = (
    "pull_codes",
    "pull_customers",
    "push_invoices",
    "push_credit_notes",
    "push_payments",
)
# Sandbox minutes short enough for 10,000 invoices to take a few minutes, long
# enough that the limits, not the engine, bound the run.
DEFAULT_SCALE = {"xero": 2.0, "quickbooks": 6.0}
LIMITS = {"xero": 60, "quickbooks": 500}  # units a tenant's or realm's minute allows
TARGETS = {"ratio": 1.1, "ms": 2.0, "mb": 250, "share": 0.9}


def app_config(folder, sandbox_base, limits, scale):
    """The settings both the bench and its worker build the app with."""
    from app.config import database_url
    from sandbox import product_settings

    instance = Path(folder) / "instance"
    # The client paces itself under the provider's minute limit: a scaled minute
    # against real limits, and no pacing at all when the sandbox lifts them.
    pacing = (
        {"PROVIDER_WINDOW_SECONDS": 60 / scale, "PROVIDER_THROTTLE_WAIT": 60 / scale}
        if limits == "real"
        else {"PROVIDER_MINUTE_LIMIT": 10**9}
    )
    return {
        **pacing,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "SQLALCHEMY_DATABASE_URI": database_url(
            os.environ.get("DATABASE_URL"), instance
        ),
        "INSTANCE_PATH": str(instance),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "LOG_LEVEL": "WARNING",  # an INFO line per HTTP call would be measured too
        **product_settings(sandbox_base),
    }


def prepare(app, provider, invoices):
    """Seed, connect as the admin would, choose approved invoices, queue the run."""
    from app.extensions import db
    from app.models import AccountsConnection, User
    from app.sync import runs
    from app.sync.options import options_for

    db.create_all()
    started = time.perf_counter()
    company_id, admin_id, seeded = worker.seed(invoices)
    seeding = time.perf_counter() - started
    client = app.test_client()
    email = db.session.get(User, admin_id).email
    login = client.post("/login", data={"email": email, "password": worker.PASSWORD})
    # Each test client request shares this app context and ends its session.
    start = client.post(f"/settings/integrations/{provider}/connect")
    if login.status_code != 302 or start.status_code != 302:
        sys.exit(f"Could not start connecting: {start.get_data(as_text=True)[:300]}")
    client.get(sandbox.consent(start.headers["Location"], provider))
    connection = db.session.scalar(AccountsConnection.for_company(company_id))
    if connection is None or not connection.is_connected:
        sys.exit(f"Connecting to the {provider} sandbox failed.")
    options = options_for(company_id)
    options.invoice_status = options.APPROVED  # Xero takes payments on these only
    db.session.add(options)
    db.session.commit()
    admin = db.session.get(User, admin_id)
    run, _created = runs.start(
        company_id, provider, EVERYTHING, user=admin, trigger="command", enqueue=False
    )
    return run.id, seeded, seeding


def outcome(run_id):
    """The run row and {kind: records created} from its items."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import SyncItem, SyncRun

    db.session.expire_all()
    made = dict.fromkeys(KINDS, 0)
    rows = db.session.execute(
        sa.select(SyncItem.kind, sa.func.count())
        .where(SyncItem.run_id == run_id, SyncItem.action == "created")
        .where(SyncItem.status == SyncItem.OK, SyncItem.kind.in_(ITEM_KINDS))
        .group_by(SyncItem.kind)
    )
    for kind, count in rows:
        made[ITEM_KINDS[kind]] = count
    return db.session.get(SyncRun, run_id), made


def run_worker(config, folder, run_id, profile):
    """The worker's measurements, and the wall time of its whole process."""
    settings = Path(folder) / "config.json"  # not argv: ps would show the secrets
    settings.touch(mode=0o600)
    settings.write_text(json.dumps(config))
    command = [sys.executable, "-m", "bench._sync_worker", str(settings), str(run_id)]
    command += ["--profile", profile] if profile else []
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - this interpreter, our own module
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        sys.stderr.write(done.stderr[-4000:])
    if not lines:
        sys.exit(f"The worker died (exit {done.returncode}).")
    return json.loads(lines[-1]), wall


def ceiling(provider, scale):
    """(documents a second the scaled limits allow in pure writes, the rule)."""
    per_second = scale / 60
    if provider == "xero":
        return 60 * BATCH["xero"] * per_second, "60 calls/min per tenant x 50"
    # QBO meters each batch item as a call: 500 a minute binds before 120 batches.
    return min(500, 120 * BATCH["quickbooks"]) * per_second, "500 items/min per realm"


def fastest(provider, scale, started, metered):
    """Seconds the sandbox's fixed windows (aligned to the epoch) force on a run that
    starts at started and spends metered units, however fast the engine were."""
    window, limit = 60 / scale, LIMITS[provider]
    first = math.floor(started / window)
    return max(0.0, (first + math.ceil(metered / limit) - 1) * window - started)


def verdict(ok, text):
    return f"{'meets' if ok else 'MISSES'} {text}"


def report(args, scale, seeded, seeding, run, made, measured, wall, calls):
    """The table of what the run cost; every figure the bench measured. Minimums
    are for the records written, so a run cut short is not flattered."""
    endpoints, writes, refused, metered = calls
    minimum = {k: math.ceil(made[k] / BATCH[args.provider]) for k in KINDS}
    least, sent = sum(minimum.values()), sum(writes[k] for k in KINDS)
    total = sum(endpoints.values())
    reads = sum(n for name, n in endpoints.items() if name.startswith("GET "))
    docs, seconds = sum(made.values()), measured["seconds"]
    own = seconds - measured["http_seconds"] - measured["sleep_seconds"]
    ms, mb = 1000 * own / max(docs, 1), measured["max_rss_kb"] / 1024
    limits = f"real limits, TIME_SCALE {scale:g}" if args.limits == "real" else ""
    out = [
        f"Sync bench: {args.provider}, {args.invoices:,} invoices "
        f"({limits or 'rate limits lifted'})",
        f"seeded {', '.join(f'{seeded[k]:,} {k}' for k in KINDS)} in {seeding:.1f} s",
        f"run {run.status}: created {', '.join(f'{made[k]:,} {k}' for k in KINDS)}"
        f"; {run.failed} failed, {run.skipped} skipped",
        *([f"  {run.error_code}: {run.message}"] if run.error_code else []),
        "",
        f"{'write calls':<24}{'calls':>7}{'minimum':>9}{'ratio':>8}",
    ]
    for kind in KINDS:
        ratio = writes[kind] / max(minimum[kind], 1)
        out.append(f"  {kind:<22}{writes[kind]:>7}{minimum[kind]:>9}{ratio:>8.2f}")
    ratio = sent / max(least, 1)
    out += [
        f"  {'the three kinds':<22}{sent:>7}{least:>9}{ratio:>8.2f}  "
        + verdict(ratio <= TARGETS["ratio"], "<= 1.1"),
        f"  {'other writes':<22}{writes['other']:>7}",
        f"{'reads (GET)':<24}{reads:>7}",
        f"{'all calls':<24}{total:>7}{least:>9}{total / max(least, 1):>8.2f}",
        "per endpoint: " + ", ".join(f"{e} {n}" for e, n in sorted(endpoints.items())),
        *(
            ["refused: " + ", ".join(f"{k} {n}" for k, n in refused.items())]
            if refused
            else []
        ),
        "",
        f"records written           {docs:>10,}",
        f"run_sync wall time        {seconds:>10.2f} s  (worker process {wall:.2f} s"
        " with start-up)",
        f"  inside HTTP requests    {measured['http_seconds']:>10.2f} s  "
        f"({sum(measured['http_calls'].values())} requests sent, {total} logged)",
        f"  rate-limit sleeps       {measured['sleep_seconds']:>10.2f} s",
        f"  engine's own time       {own:>10.2f} s = {ms:.2f} ms/document  "
        + verdict(ms <= TARGETS["ms"], "<= 2 ms"),
        f"worker CPU time           {measured['cpu_seconds']:>10.2f} s = "
        f"{1000 * measured['cpu_seconds'] / max(docs, 1):.2f} ms/document",
        f"documents per second      {docs / seconds:>10.1f}",
        f"worker peak RSS           {mb:>10.1f} MB  "
        + verdict(mb < TARGETS["mb"], "< 250 MB"),
    ]
    complete = made == seeded and run.status == "succeeded"
    if args.limits == "real" and complete:  # a share of a broken run means nothing
        allowed, rule = ceiling(args.provider, scale)
        share = docs / seconds / allowed
        out.append(
            f"ceiling                   {allowed:>10.1f} docs/s ({rule}); "
            f"reached {share:.0%}  " + verdict(share >= TARGETS["share"], ">= 90%")
        )
        least_time = fastest(args.provider, scale, measured["started_epoch"], metered)
        out.append(
            f"fixed windows allow       {least_time:>10.2f} s at best for {metered} "
            f"metered units; reached {least_time / seconds:.0%} of that pace"
        )
    if not complete:
        out.append("THE RUN DID NOT SEND EVERYTHING: these figures cover part of it")
    print("\n".join(out), flush=True)


def bench(args, folder, scale):
    """Set up, run the worker, report; True when every record was created."""
    from app import create_app
    from app.extensions import db
    from demo import embedded_redis

    with sandbox.running(folder, args.limits, scale) as base:
        config = app_config(folder, base, args.limits, scale)
        config["REDIS_URL"] = embedded_redis.url_or_start(
            config["REDIS_URL"], config["INSTANCE_PATH"]
        )  # the worker joins this one
        app = create_app(config, instance_path=config["INSTANCE_PATH"])
        try:
            with app.app_context():
                run_id, seeded, seeding = prepare(app, args.provider, args.invoices)
                db.session.remove()
                since = sandbox.last_log_id(base)
                profile = str(Path(folder) / "profile.txt") if args.profile else None
                measured, wall = run_worker(config, folder, run_id, profile)
                run, made = outcome(run_id)
                calls = sandbox.logged_calls(base, args.provider, since)
                report(args, scale, seeded, seeding, run, made, measured, wall, calls)
                if profile:
                    print("\n" + Path(profile).read_text())
                db.session.remove()
                db.engine.dispose()
        finally:
            if not os.environ.get("REDIS_URL"):
                embedded_redis.shutdown(config["INSTANCE_PATH"])
    return run.status == "succeeded" and made == seeded


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provider", choices=sorted(BATCH), required=True)
    parser.add_argument("--invoices", type=int, required=True)
    parser.add_argument("--limits", choices=("lifted", "real"), default="lifted")
    parser.add_argument("--time-scale", type=float, help="sandbox minutes a minute")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--profile", action="store_true", help="cProfile the worker")
    args = parser.parse_args()
    if args.invoices < 1:
        parser.error("--invoices must be 1 or more")
    scale = args.time_scale or DEFAULT_SCALE[args.provider]
    if scale <= 0:
        parser.error("--time-scale must be above 0")
    common.run_in_temp_folder(
        "lb-sync-bench-", args.keep, lambda folder: bench(args, folder, scale)
    )


if __name__ == "__main__":
    main()
