"""The sync bench's app side: seed a company; run_sync(run_id) in its own process.

    python -m bench._sync_worker CONFIG_FILE RUN_ID [--profile FILE]

bench/sync.py calls seed(n) itself, in its app context, before starting the worker.

Prints one JSON line: the run's wall time, the time spent inside HTTP requests
and in rate-limit sleeps (so the rest is the engine's own), CPU time and peak RSS.
"""

import cProfile
import io
import json
import os
import pstats
import resource
import secrets
import sys
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
WORKER_CORE = 1
PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway bench login
CHUNK = 2000  # invoices per bulk insert and commit
PRICES = ("85.00", "120.00", "55.00", "42.50", "240.00", "175.00", "315.99", "18.75")
SALES = ("4000", "4010", "4020")


def insert(model, rows):
    """Bulk insert; the new ids in the order of rows."""
    import sqlalchemy as sa

    from app.extensions import db

    if not rows:
        return []
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def invoice_lines(i, tax, nominals):
    """1-3 lines for the i-th invoice, as rows for a bulk insert."""
    from app.models.documents import line_amounts

    rows = []
    for position in range(1 + i % 3):
        price = Decimal(PRICES[(i + position) % len(PRICES)])
        quantity = Decimal(1 + (i + position) % 2)
        net, vat = line_amounts(quantity, price, tax.rate)
        rows.append(
            dict(
                position=position,
                description=f"Service {position + 1}",
                quantity=quantity,
                unit_price=price,
                net_amount=net,
                tax_amount=vat,
                tax_code_id=tax.id,
                nominal_code_id=nominals[SALES[(i + position) % 3]].id,
            )
        )
    return rows


def seed(invoices):
    """(company id, admin id, {kind: count}) of a fresh company with its records."""
    from app.extensions import db
    from app.models import (
        Company,
        Customer,
        NominalCode,
        Payment,
        SalesInvoice,
        SalesInvoiceLine,
        TaxCode,
        User,
    )
    from app.models.base import utcnow
    from demo.seed import NOMINAL_CODES, TAX_CODES

    # Unique, so a DATABASE_URL that already holds a bench company takes another.
    tag = secrets.token_hex(4)
    company = Company(name=f"Bench Services {tag}", base_currency="GBP", country="GB")
    admin = User(
        company=company,
        email=f"admin-{tag}@bench.example",
        name="Bench",
        role=User.ADMIN,
    )
    admin.set_password(PASSWORD)
    taxes = {
        c: TaxCode(company=company, name=n, code=c, rate=Decimal(r))
        for n, c, r in TAX_CODES
    }
    nominals = {
        c: NominalCode(company=company, code=c, name=n, type=t)
        for c, n, t in NOMINAL_CODES
    }
    db.session.add_all([company, admin, *taxes.values(), *nominals.values()])
    db.session.commit()
    now, issued, paid_on = utcnow(), date.today() - timedelta(days=7), date.today()
    # Names no sandbox customer has, so each one is created, not linked.
    customers = insert(
        Customer,
        [
            dict(
                company_id=company.id,
                name=f"Bench Customer {n:05d} Ltd",
                email=f"accounts{n}@bench-customer.example",
                account_number=f"BC{n:05d}",
            )
            for n in range(1, max(1, invoices // 10) + 1)
        ],
    )
    payments = 0
    for start in range(0, invoices, CHUNK):
        numbers = range(start, min(start + CHUNK, invoices))
        lines = [invoice_lines(i, taxes["T1"], nominals) for i in numbers]
        heads = []
        for i, rows in zip(numbers, lines, strict=True):
            net = sum(row["net_amount"] for row in rows)
            vat = sum(row["tax_amount"] for row in rows)
            heads.append(
                dict(
                    company_id=company.id,
                    number=f"BN-{i + 1:06d}",
                    customer_id=customers[i % len(customers)],
                    issue_date=issued,
                    due_date=issued + timedelta(days=30),
                    status=SalesInvoice.APPROVED,
                    approved_at=now,
                    net_total=net,
                    tax_total=vat,
                    total=net + vat,
                )
            )
        ids = insert(SalesInvoice, heads)
        insert(
            SalesInvoiceLine,
            [
                {**row, "invoice_id": invoice_id}
                for invoice_id, rows in zip(ids, lines, strict=True)
                for row in rows
            ],
        )
        paid = [
            dict(
                company_id=company.id,
                invoice_id=invoice_id,
                amount=head["total"],
                payment_date=paid_on,
                method="bank_transfer",
            )
            for i, invoice_id, head in zip(numbers, ids, heads, strict=True)
            if i % 3 == 0
        ]
        payments += len(insert(Payment, paid))
        db.session.commit()
    counts = {"customers": len(customers), "invoices": invoices, "payments": payments}
    return company.id, admin.id, counts


class Meter:
    """Time spent in requests.Session.send and in the provider's sleeps."""

    def __init__(self):
        self.http_seconds = 0.0
        self.sleep_seconds = 0.0
        self.calls = Counter()

    def install(self):
        """Wrap the two places time leaves the engine; a harness, not the app."""
        from app.providers.http import ProviderHttp

        send = requests.Session.send
        meter = self

        def timed_send(session, request, **kwargs):
            started = time.perf_counter()
            try:
                return send(session, request, **kwargs)
            finally:
                meter.http_seconds += time.perf_counter() - started
                meter.calls[request.method] += 1

        def timed_sleep(seconds):
            started = time.perf_counter()
            time.sleep(seconds)
            meter.sleep_seconds += time.perf_counter() - started

        requests.Session.send = timed_send
        # sleep is bound as a default argument when ProviderHttp is defined.
        ProviderHttp.__init__.__kwdefaults__["sleep"] = timed_sleep


def pin():
    """Keep off the sandbox's core, so neither measures the other's work."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {WORKER_CORE})


def main():
    config, run_id = json.loads(Path(sys.argv[1]).read_text()), int(sys.argv[2])
    profile_to = sys.argv[4] if sys.argv[3:4] == ["--profile"] else None
    pin()
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from app.sync.engine import run_sync
    from app.tasks import give_way_to_pages

    app = create_app(config, instance_path=config["INSTANCE_PATH"])
    give_way_to_pages(app)  # as worker.py does
    if "--go-on-stdin" in sys.argv:
        # A live worker has long since started when a job comes: say when this one
        # has, and take the job when told, so its start-up is not in the figures.
        print("ready", flush=True)
        sys.stdin.readline()
    meter = Meter()
    meter.install()
    profiler = cProfile.Profile() if profile_to else None
    with app.app_context():
        before = resource.getrusage(resource.RUSAGE_SELF)
        started, epoch = time.perf_counter(), time.time()
        if profiler:
            profiler.enable()
        try:
            run_sync(run_id)
        finally:
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_SELF)
            report = {
                "seconds": seconds,
                "started_epoch": epoch,  # where the run fell in the limit windows
                "http_seconds": meter.http_seconds,
                "sleep_seconds": meter.sleep_seconds,
                "http_calls": dict(meter.calls),
                "cpu_seconds": (after.ru_utime - before.ru_utime)
                + (after.ru_stime - before.ru_stime),
                "max_rss_kb": after.ru_maxrss,  # kilobytes on Linux
            }
            print(json.dumps(report), flush=True)
            if profiler:
                text = io.StringIO()
                stats = pstats.Stats(profiler, stream=text)
                for order in ("cumulative", "tottime"):
                    text.write(f"Top 15 functions by {order} time\n")
                    stats.sort_stats(order).print_stats(15)
                Path(profile_to).write_text(text.getvalue())
                stats.dump_stats(profile_to + ".prof")  # for pstats, with --keep


if __name__ == "__main__":
    main()
