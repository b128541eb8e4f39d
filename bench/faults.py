"""Fault campaign: a ~2,000-document sync under random faults and worker kills.

    python bench/faults.py --provider xero|quickbooks [--documents 2000]
                           [--kills 5] [--seed N] [--time-scale S] [--keep]

A fresh sandbox (own process, its real rate limits on TIME_SCALE, default 30: a
sandbox minute lasts 2 s, so a 429's Retry-After is 2 s) and a fresh app
database seeded as bench/sync.py does: invoices, a customer for every ten and a
payment for every third, about --documents records in all. Real RQ workers
(python -m bench._fault_worker) run the syncs while the bench changes the
sandbox's faults every few seconds (latency, 5xx, hung requests, connection
resets, 429 bursts), expires the access tokens at random moments and SIGKILLs
the worker --kills times at random points of a run. After each kill it waits
out SYNC_STALE_SECONDS on the real clock, recovers the dead run with
runs.recover_stale and starts a worker and a new run; runs go on until one
succeeds with nothing left to send (at most --max-runs). Then it counts what the
sandbox holds and exits 1 unless every record is there exactly once and no run
is stuck.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _common as common  # noqa: E402 - needs ROOT on the path
from bench import _fault_worker as worker  # noqa: E402
from bench import _sandbox_proc as sandbox  # noqa: E402
from bench import sync  # noqa: E402

KINDS = ("customers", "invoices", "payments")
# Small, so a dead worker's run is recovered at once and the next run meets its
# unanswered writes inside the uncertainty window. The engine's heartbeat beats
# every 5 s, so 3 s would end a live run: recover_stale (runs.start calls it)
# is only reached here when no live run exists.
STALE, UNCERTAIN = 3, 5
READ_TIMEOUT = 4  # seconds; the sandbox hangs a "timeout" for 35 s
PUSHED = ("customer", "invoice", "payment")
RUN_LIMIT = 600  # seconds one run may take before it counts as stuck


def campaign_config(folder, base, scale):
    """bench/sync.py's app settings, with short recovery windows and timeouts."""
    return {
        **sync.app_config(folder, base, "real", scale),
        "SYNC_STALE_SECONDS": STALE,
        "SYNC_UNCERTAIN_SECONDS": UNCERTAIN,
        "PROVIDER_READ_TIMEOUT": READ_TIMEOUT,
        "RQ_QUEUE": "ledgerbridge-faults",
    }


def row_of(run_id):
    """The run row as it is now, without holding a read open on SQLite."""
    from app.extensions import db
    from app.models import SyncRun

    db.session.expire_all()
    run = db.session.get(SyncRun, run_id)
    db.session.commit()
    return run


def pushed(run):
    """(records pushed so far, records the run set out to push)."""
    progress = json.loads(run.progress or "{}")
    pairs = [progress.get(kind, [0, 0]) for kind in PUSHED]
    return sum(done for done, _total in pairs), sum(total for _done, total in pairs)


def follow(run_id, chaos, workers, kill):
    """Wait for the run to end while the chaos goes on. kill is (records, delay)
    or None: once the run has pushed that many records, wait delay seconds more
    (so the kill may land mid-request) and tell the caller to kill.
    Returns (run, killed)."""
    from app.models import SyncRun

    deadline, kill_at = time.monotonic() + RUN_LIMIT, None
    while time.monotonic() < deadline:
        run = row_of(run_id)
        if run.status in SyncRun.ENDED:
            return run, False
        done, total = pushed(run)
        if kill is not None and kill_at is None and total and done >= kill[0]:
            kill_at = time.monotonic() + kill[1]
        if kill_at is not None and time.monotonic() >= kill_at:
            return run, True
        chaos.tick()
        workers.keep_alive()
        time.sleep(0.1)  # polling another process's progress, not synchronising
    return row_of(run_id), False


def recover(company_id, run_id):
    """Once the dead run's heartbeat is older than STALE on the real clock, let
    recover_stale end it; how many runs it recovered."""
    from app.extensions import db
    from app.models.base import utcnow
    from app.sync import runs

    run = row_of(run_id)
    last = runs.aware(run.heartbeat_at or run.started_at or run.created_at)
    wait = STALE + 0.5 - (utcnow() - last).total_seconds()
    if wait > 0:
        time.sleep(wait)  # the stale rule runs on the real clock, as in production
    recovered = runs.recover_stale(company_id)
    db.session.commit()
    return recovered


def left_to_send(company_id, provider):
    """{kind: records} a push would still send."""
    from app.extensions import db
    from app.sync import counts

    found = counts.push_counts(company_id, provider, {"invoice", "payment"})
    db.session.commit()  # end the read, so SQLite lets the worker write
    return found


def describe(run, progress_note=""):
    text = (
        f"run {run.id:>3} {run.status:<12} created {run.created:>5} linked "
        f"{run.linked:>4} failed {run.failed:>4} skipped {run.skipped:>4}"
    )
    if run.error_code:
        text += f"  [{run.error_code}] {(run.message or '')[:90]}"
    return text + progress_note


def campaign(args, documents, base, company_id, admin_id, first_run, config, folder):
    """Run, kill, recover and rerun until done; a dict of what happened."""
    from app import tasks
    from app.extensions import db
    from app.models import AccountsConnection, SyncRun, User
    from app.sync import runs

    rng = random.Random(args.seed)
    tenant = db.session.scalar(AccountsConnection.for_company(company_id)).remote_id
    chaos = worker.Chaos(rng, base, args.provider, tenant)
    workers = worker.Workers(folder, config)
    kills, recovered, started, done, sent = 0, 0, 1, False, 0
    # Kill points spread over the whole campaign's pushes, so every kill lands
    # while there is still work, however the runs divide it.
    points = sorted(rng.uniform(0, 0.9 * documents) for _ in range(args.kills))
    job = tasks.enqueue(runs.JOB, first_run, job_id=f"lb-sync-{first_run}")
    db.session.get(SyncRun, first_run).job_id = job.id
    db.session.commit()
    workers.start()
    run_id = first_run
    try:
        while True:
            kill = None
            if kills < len(points):
                kill = (max(0, points[kills] - sent), rng.uniform(0, 1.0))
            run, killed = follow(run_id, chaos, workers, kill)
            sent += pushed(row_of(run_id))[0]
            if killed:
                workers.kill()
                kills += 1
                progress = json.loads(row_of(run_id).progress or "{}")
                note = "  KILLED at " + ", ".join(
                    f"{k} {progress.get(k, [0, 0])[0]}/{progress.get(k, [0, 0])[1]}"
                    for k in PUSHED
                )
                note += f"; faults {chaos.current}"
                print(describe(row_of(run_id), note), flush=True)
                recovered += recover(company_id, run_id)
                print(f"        recovered -> {row_of(run_id).status}", flush=True)
                workers.start()
            else:
                print(describe(run), flush=True)
                if run.status in SyncRun.ACTIVE:
                    break  # stuck past RUN_LIMIT
                left = left_to_send(company_id, args.provider)
                if run.status == SyncRun.SUCCEEDED and not any(left.values()):
                    done = True
                    break
            if started >= args.max_runs:
                break
            admin = db.session.get(User, admin_id)
            new, _created = runs.start(
                company_id, args.provider, sync.EVERYTHING, user=admin,
                trigger="command",
            )  # fmt: skip
            started += 1
            run_id = new.id
    finally:
        workers.stop()
        chaos.clear()
    return dict(
        started=started, kills=kills, recovered=recovered, done=done,
        workers=workers.started, exits=workers.exits, fault_changes=chaos.changes,
        expiries=chaos.expiries, tenant=tenant,
    )  # fmt: skip


def bench(args, folder, scale):
    """Set up, run the campaign, count; True when the targets are met."""
    from app import create_app
    from app.extensions import db
    from app.models import SyncRun
    from demo import embedded_redis

    began = time.perf_counter()
    invoices = max(1, round(args.documents / (1 + 1 / 10 + 1 / 3)))
    with sandbox.running(folder, "real", scale) as base:
        config = campaign_config(folder, base, scale)
        config["REDIS_URL"] = embedded_redis.url_or_start(
            config["REDIS_URL"], config["INSTANCE_PATH"]
        )  # the workers join this one
        app = create_app(config, instance_path=config["INSTANCE_PATH"])
        try:
            with app.app_context():
                first_run, seeded, _seconds = sync.prepare(app, args.provider, invoices)
                run = db.session.get(SyncRun, first_run)
                company_id, admin_id = run.company_id, run.started_by_id
                mine = worker.ours(company_id)  # before the pull brings theirs in
                db.session.commit()
                result = campaign(
                    args,
                    sum(seeded.values()),
                    base,
                    company_id,
                    admin_id,
                    first_run,
                    config,
                    folder,
                )
                theirs = worker.census(
                    Path(folder) / "sandbox.db", args.provider, result["tenant"]
                )
                stuck = worker.stuck_runs(company_id)
                db.session.remove()
                db.engine.dispose()
        finally:
            if not os.environ.get("REDIS_URL"):
                embedded_redis.shutdown(config["INSTANCE_PATH"])
    elapsed = time.perf_counter() - began
    figures = {
        k: worker.tally(m, t) for k, m, t in zip(KINDS, mine, theirs, strict=True)
    }
    report(args, scale, seeded, figures, result, stuck, elapsed)
    clean = all(d == 0 and lost == 0 for _p, d, lost in figures.values())
    return clean and stuck == 0 and result["done"]


def report(args, scale, seeded, figures, result, stuck, elapsed):
    total = sum(seeded.values())
    out = [
        "",
        f"Fault campaign: {args.provider}, {total:,} documents, seed {args.seed}, "
        f"real rate limits on TIME_SCALE {scale:g}",
        f"{'kind':<12}{'seeded':>8}{'present':>9}{'duplicates':>12}{'lost':>6}",
    ]
    for kind in KINDS:
        present, extra, lost = figures[kind]
        out.append(f"{kind:<12}{seeded[kind]:>8}{present:>9}{extra:>12}{lost:>6}")
    sums = [sum(figures[k][i] for k in KINDS) for i in range(3)]
    out += [
        f"{'all':<12}{total:>8}{sums[0]:>9}{sums[1]:>12}{sums[2]:>6}",
        f"runs started {result['started']}, worker kills {result['kills']} of "
        f"{args.kills}, runs "
        f"recovered {result['recovered']}, workers started {result['workers']} "
        f"({result['exits']} exited by themselves)",
        f"fault changes {result['fault_changes']}, token expiries {result['expiries']}",
        f"runs left stuck {stuck}; finished with nothing left to send: "
        f"{'yes' if result['done'] else 'NO'}",
        f"total time {elapsed:.1f} s",
    ]
    print("\n".join(out), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provider", choices=sorted(sync.BATCH), required=True)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-runs", type=int, default=30)
    parser.add_argument("--time-scale", type=float, default=30.0)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()
    if args.documents < 2 or args.kills < 0 or args.max_runs < 1:
        parser.error("--documents >= 2, --kills >= 0 and --max-runs >= 1 please")
    if args.time_scale <= 0:
        parser.error("--time-scale must be above 0")
    common.run_in_temp_folder(
        "lb-faults-", args.keep, lambda folder: bench(args, folder, args.time_scale)
    )


if __name__ == "__main__":
    main()
