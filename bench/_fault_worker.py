"""The fault campaign's parts: its worker, the chaos, the census of the sandbox.

    python -m bench._fault_worker CONFIG_FILE

A real RQ worker in its own process, like worker.py but on the bench's app
config: bench/faults.py starts it through Workers, SIGKILLs it at random points
and starts another.
"""

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
GONE = {"DELETED", "VOIDED"}
EXPIRY_GAP = 25  # s; > 4 tries x the bench's 4 s read timeout + back-off


def main():
    config = json.loads(Path(sys.argv[1]).read_text())
    sys.path.insert(0, str(ROOT))
    from rq import SimpleWorker

    from app import create_app
    from app.extensions import db
    from app.tasks import queue, redis_connection

    app = create_app(config, instance_path=config["INSTANCE_PATH"])
    with app.app_context():
        db.engine.dispose()
        # No work horse: the job runs in this process, so SIGKILL takes it down
        # mid-batch, as a crashed or OOM-killed worker would.
        SimpleWorker([queue()], connection=redis_connection()).work(
            burst=False, logging_level="WARNING"
        )


def census(database, provider, tenant):
    """What the sandbox holds for one tenant: Counters of customer names, invoice
    numbers and payments as (invoice number, amount, date)."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        if provider == "xero":
            return xero_census(connection, tenant)
        return quickbooks_census(connection, tenant)


def xero_census(connection, tenant):
    rows = connection.execute(
        "SELECT id, kind, number, status, data FROM xero_records"
        " WHERE tenant_id = ? AND kind IN ('Contact', 'Invoice', 'Payment')",
        (tenant,),
    ).fetchall()
    names, numbers, payments, by_id = Counter(), Counter(), Counter(), {}
    for record_id, kind, number, status, data in rows:
        body = json.loads(data)
        if status in GONE or body.get("Status") in GONE:
            continue
        if kind == "Contact" and body.get("ContactStatus") != "ARCHIVED":
            names[body.get("Name")] += 1
        elif kind == "Invoice" and body.get("Type", "ACCREC") == "ACCREC":
            numbers[number or body.get("InvoiceNumber")] += 1
            by_id[record_id] = number or body.get("InvoiceNumber")
    for _id, kind, _number, status, data in rows:
        body = json.loads(data)
        if kind != "Payment" or status in GONE or body.get("Status") in GONE:
            continue
        target = body.get("Target") or {}
        invoice = by_id.get(
            target.get("Invoice") or (body.get("Invoice") or {}).get("InvoiceID")
        )
        if invoice is not None:
            amount = Decimal(str(body.get("Amount")))
            payments[(invoice, amount, xero_date(body.get("Date")))] += 1
    return names, numbers, payments


def xero_date(value):
    """An ISO date from Xero's /Date(ms+0000)/ or an ISO string."""
    from datetime import UTC, datetime

    text = str(value or "")
    if text.startswith("/Date("):
        millis = int(text[6:].split(")")[0].split("+")[0])
        return datetime.fromtimestamp(millis / 1000, UTC).date().isoformat()
    return text[:10]


def quickbooks_census(connection, tenant):
    rows = connection.execute(
        "SELECT id, kind, active, status, data FROM qbo_entities"
        " WHERE realm_id = ? AND kind IN ('Customer', 'Invoice', 'Payment')",
        (tenant,),
    ).fetchall()
    names, numbers, payments, by_id = Counter(), Counter(), Counter(), {}
    for entity_id, kind, active, _status, data in rows:
        body = json.loads(data)
        if kind == "Customer" and active:
            names[body.get("DisplayName")] += 1
        elif kind == "Invoice":
            numbers[body.get("DocNumber")] += 1
            by_id[str(entity_id)] = body.get("DocNumber")
    for _id, kind, _active, _status, data in rows:
        body = json.loads(data)
        if kind != "Payment":
            continue
        for line in body.get("Line") or []:
            for link in line.get("LinkedTxn") or []:
                invoice = by_id.get(str(link.get("TxnId")))
                if link.get("TxnType") == "Invoice" and invoice is not None:
                    amount = Decimal(str(line.get("Amount")))
                    payments[(invoice, amount, body.get("TxnDate"))] += 1
    return names, numbers, payments


class Workers:
    """One RQ worker process at a time, started and SIGKILLed by its pid."""

    def __init__(self, folder, config):
        self.folder = Path(folder)
        self.settings = self.folder / "config.json"  # not argv: ps shows argv
        self.settings.touch(mode=0o600)
        self.settings.write_text(json.dumps(config))
        self.process, self.started, self.logs, self.exits = None, 0, [], 0

    def start(self):
        self.started += 1
        log = open(self.folder / f"worker-{self.started}.log", "wb")  # noqa: SIM115
        self.logs.append(log)
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, our module
            [sys.executable, "-m", "bench._fault_worker", str(self.settings)],
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )

    def keep_alive(self, most=3):
        """Start another worker if this one exited by itself (a crash at start-up,
        say); give up after most such exits."""
        if self.process.poll() is None:
            return
        self.exits += 1
        if self.exits > most:
            raise SystemExit(
                f"The worker keeps exiting by itself; see {self.logs[-1].name}"
            )
        self.start()

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        for log in self.logs:
            log.close()


def ours(company_id):
    """Counters of our customer names, invoice numbers and payments."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import Customer, Payment, SalesInvoice

    names = Counter(
        db.session.scalars(
            sa.select(Customer.name).where(Customer.company_id == company_id)
        )
    )
    numbers = Counter(
        db.session.scalars(
            sa.select(SalesInvoice.number).where(SalesInvoice.company_id == company_id)
        )
    )
    payments = Counter(
        (number, amount, day.isoformat())
        for number, amount, day in db.session.execute(
            sa.select(SalesInvoice.number, Payment.amount, Payment.payment_date)
            .join(SalesInvoice, SalesInvoice.id == Payment.invoice_id)
            .where(Payment.company_id == company_id)
        )
    )
    return names, numbers, payments


def tally(mine, theirs):
    """(present, duplicates, lost) of our records among theirs."""
    present = sum(min(n, theirs.get(key, 0)) for key, n in mine.items())
    extra = sum(max(0, theirs.get(key, 0) - n) for key, n in mine.items())
    return present, extra, sum(mine.values()) - present


def stuck_runs(company_id):
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import SyncRun

    return db.session.scalar(
        sa.select(sa.func.count()).where(
            SyncRun.company_id == company_id, SyncRun.status.in_(SyncRun.ACTIVE)
        )
    )


class Chaos:
    """Random sandbox faults, changed every few seconds, and token expiries."""

    def __init__(self, rng, base, provider, tenant):
        self.rng, self.base, self.provider, self.tenant = rng, base, provider, tenant
        self.next_at = 0.0
        self.current = {}
        self.expiries = 0
        self.expire_after = 0.0
        self.changes = 0

    def tick(self):
        if time.monotonic() < self.next_at:
            return
        rng = self.rng
        self.next_at = time.monotonic() + rng.uniform(1, 4)
        self.current = {
            "latency_ms": rng.choice((0, 0, 50, 150, 400)),
            "error_rate": round(rng.uniform(0, 0.10), 3),
            "timeout_rate": round(rng.uniform(0, 0.03), 3),
            "reset_rate": round(rng.uniform(0, 0.05), 3),
            "throttle_burst": rng.choice((0, 0, 0, 1, 3)),
            "seed": rng.randrange(10**6),
        }
        url = f"{self.base}/_admin/faults/{self.provider}/{self.tenant}"
        requests.put(url, json=self.current, timeout=30).raise_for_status()
        self.changes += 1
        # At most one expiry in any one call's life, retries included, as with
        # real tokens (Xero's live 30 minutes): the client refreshes once a call.
        if rng.random() < 0.5 and time.monotonic() >= self.expire_after:
            self.expire_after = time.monotonic() + EXPIRY_GAP
            prefix = "/xero" if self.provider == "xero" else "/quickbooks"
            reply = requests.post(
                f"{self.base}{prefix}/_admin/expire-tokens", timeout=30
            )
            reply.raise_for_status()
            self.expiries += 1

    def clear(self):
        url = f"{self.base}/_admin/faults/{self.provider}/{self.tenant}"
        requests.delete(url, timeout=30)


if __name__ == "__main__":
    main()
