"""CSV export bench: rows a second and peak memory as the export grows.

    python bench/reports.py [--sizes 10000,50000,100000] [--formats ledgerbridge,sage50]

A fresh SQLite database (or DATABASE_URL) under a temporary folder: a company with
UK VAT codes, 100 customers and approved sales invoices of two lines each, added
until each size (in CSV rows, i.e. invoice lines) is reached. At each size every
format is exported through the background job (app.exports.jobs.run_export), once
timed and once under tracemalloc for the peak Python memory. Memory should stay flat
as rows grow; the target is over 20,000 rows a second on SQLite. Exits 1 if a size
misses the target or memory grows by more than half from the smallest size.
"""

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_ROWS_PER_SECOND = 20_000
MEMORY_GROWTH = 1.5  # largest size's peak against the smallest's


def build_app(folder):
    from app import create_app
    from app.config import database_url
    from demo import embedded_redis

    instance = Path(folder) / "instance"
    instance.mkdir(parents=True)
    return create_app(
        {
            "SECRET_KEY": secrets.token_urlsafe(32),
            "SQLALCHEMY_DATABASE_URI": database_url(
                os.environ.get("DATABASE_URL"), instance
            ),
            "INSTANCE_PATH": str(instance),
            "REDIS_URL": embedded_redis.url_or_start(
                os.environ.get("REDIS_URL", ""), instance
            ),
            "LOG_LEVEL": "WARNING",
        },
        instance_path=instance,
    )


def prepare(db):
    """A company, its codes and 100 customers with account references."""
    from app.models import Company, Customer, NominalCode, TaxCode, User

    company = Company(name="Bench Heating Ltd")
    db.session.add(company)
    user = User(company=company, email="bench@bench.example", role="office")
    user.password_hash = "-"  # noqa: S105 - no hash matches: never signs in
    db.session.add(user)
    for name, code, rate in (("Standard", "T1", 20), ("Reduced", "T5", 5)):
        db.session.add(TaxCode(company=company, name=name, code=code, rate=rate))
    for code, name in (("4000", "Sales"), ("4010", "Parts")):
        db.session.add(
            NominalCode(company=company, code=code, name=name, type="revenue")
        )
    db.session.add(NominalCode(company=company, code="1200", name="Bank", type="bank"))
    for n in range(100):
        db.session.add(
            Customer(company=company, name=f"Customer {n:03d} Ltd",
                     account_number=f"CUST{n:03d}", email=f"ap{n}@c.example")
        )  # fmt: skip
    db.session.commit()
    return company, user.id


def add_invoices(db, company, start, count):
    """`count` approved invoices numbered from `start`, two lines each, in bulk."""
    import sqlalchemy as sa

    from app.models import (
        Customer,
        NominalCode,
        SalesInvoice,
        SalesInvoiceLine,
        TaxCode,
    )

    customers = db.session.scalars(
        sa.select(Customer.id).where(Customer.company_id == company.id)
    ).all()
    taxes = dict(db.session.execute(sa.select(TaxCode.code, TaxCode.id)).all())
    nominals = dict(
        db.session.execute(sa.select(NominalCode.code, NominalCode.id)).all()
    )
    first = date(2025, 1, 1)
    for offset in range(0, count, 5000):
        numbers = range(start + offset, start + min(count, offset + 5000))
        db.session.execute(
            sa.insert(SalesInvoice),
            [
                {
                    "company_id": company.id, "customer_id": customers[n % 100],
                    "number": f"INV-{n:06d}", "issue_date": first + timedelta(n % 365),
                    "due_date": first + timedelta(n % 365 + 30), "status": "approved",
                    "reference": f"PO {n}", "net_total": Decimal("112.50"),
                    "tax_total": Decimal("20.63"), "total": Decimal("133.13"),
                }
                for n in numbers
            ],
        )  # fmt: skip
        ids = db.session.scalars(
            sa.select(SalesInvoice.id).where(
                SalesInvoice.number.in_([f"INV-{n:06d}" for n in numbers])
            )
        ).all()
        db.session.execute(
            sa.insert(SalesInvoiceLine),
            [
                row
                for invoice_id in ids
                for row in (
                    {"invoice_id": invoice_id, "position": 0,
                     "description": "Boiler service, annual", "quantity": Decimal(1),
                     "unit_price": Decimal(100), "net_amount": Decimal("100.00"),
                     "tax_amount": Decimal("20.00"),
                     "nominal_code_id": nominals["4000"], "tax_code_id": taxes["T1"]},
                    {"invoice_id": invoice_id, "position": 1,
                     "description": "Valve £12.50 – pièce", "quantity": Decimal(1),
                     "unit_price": Decimal("12.5"), "net_amount": Decimal("12.50"),
                     "tax_amount": Decimal("0.63"),
                     "nominal_code_id": nominals["4010"], "tax_code_id": taxes["T5"]},
                )
            ],
        )  # fmt: skip
        db.session.commit()


def run_once(db, company, user_id, fmt, traced):
    """Export every invoice through the job; (rows, seconds, peak bytes, size)."""
    from app.exports import jobs, services
    from app.models import Export

    export = services.create(company.id, user_id, "sales_invoices", fmt, {})
    export_id = export.id
    db.session.expire_all()
    if traced:
        tracemalloc.start()
    began = time.perf_counter()
    jobs.run_export(export_id)
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    export = db.session.get(Export, export_id)
    assert export.status == Export.READY, export.message
    result = (export.rows_done, seconds, peak, export.size_bytes)
    services.remove_files(export)
    db.session.delete(export)
    db.session.commit()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--formats", default="ledgerbridge,xero,quickbooks,sage50")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    fmts = args.formats.split(",")
    folder = tempfile.mkdtemp(prefix="lb-bench-reports-")
    app = build_app(folder)
    from app.extensions import db
    from demo import embedded_redis

    failed = False
    try:
        with app.app_context():
            db.create_all()
            company, user_id = prepare(db)
            made, peaks = 0, {}
            print(f"{'rows':>8} {'format':<13} {'rows/s':>9} {'seconds':>8} "
                  f"{'peak MiB':>9} {'file MiB':>9}")  # fmt: skip
            for size in sizes:
                add_invoices(db, company, made // 2, (size - made) // 2)
                made = size
                for fmt in fmts:
                    rows, seconds, _, size_bytes = run_once(
                        db, company, user_id, fmt, False
                    )
                    _, _, peak, _ = run_once(db, company, user_id, fmt, True)
                    rate = rows / seconds
                    peaks.setdefault(fmt, []).append(peak)
                    failed |= rows != size or rate < TARGET_ROWS_PER_SECOND
                    mib = (peak / 2**20, size_bytes / 2**20)
                    print(f"{rows:>8,} {fmt:<13} {rate:>9,.0f} {seconds:>8.2f} "
                          f"{mib[0]:>9.1f} {mib[1]:>9.1f}")  # fmt: skip
            for fmt, found in peaks.items():
                if found[-1] > found[0] * MEMORY_GROWTH:
                    print(f"{fmt}: peak memory grew {found[-1] / found[0]:.1f}x")
                    failed = True
            db.session.remove()
            db.engine.dispose()
    finally:
        if not os.environ.get("REDIS_URL"):
            embedded_redis.shutdown(app.config["INSTANCE_PATH"])
        shutil.rmtree(folder, ignore_errors=True)
    print("FAILED" if failed else "OK: memory flat, above target")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
