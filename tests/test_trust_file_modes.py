"""instance/ is the app user's alone: folders 700, files 600, whatever the umask."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import Config
from app.extensions import db
from app.models import Export, ImportUpload
from demo import embedded_redis
from tests.exports.conftest import export
from tests.factories import make_customer, make_invoice
from tests.imports.helpers import csv_text, upload, upload_id

ROOT = Path(__file__).resolve().parents[1]


def mode(path):
    return stat.S_IMODE(Path(path).stat().st_mode)


@pytest.fixture
def loose_umask():
    """The usual 022, so only the code under test can make anything private."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_instance_folder_key_and_database_are_owner_only(
    tmp_path, monkeypatch, loose_umask
):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    instance = tmp_path / "instance"
    Config(instance)
    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600
    assert mode(instance / "ledgerbridge.db") == 0o600
    # An older install's loose modes are tightened on the next start.
    (instance / "ledgerbridge.db").chmod(0o644)
    instance.chmod(0o755)
    Config(instance)
    assert mode(instance) == 0o700
    assert mode(instance / "ledgerbridge.db") == 0o600


def test_an_upload_and_its_refused_rows_are_owner_only(
    app, client, auth, company, loose_umask
):
    auth.login()
    text = csv_text([["Name", "Email"], ["Good Ltd", "a@good.example"], ["", "x"]])
    upload_id(upload(client, "customers", text))
    row = db.session.scalar(db.select(ImportUpload))
    folder = Path(app.config["INSTANCE_PATH"]) / "imports"
    assert mode(folder) == 0o700
    files = list(folder.glob(row.stored_name.replace(".csv", "*")))
    assert files, list(folder.iterdir())
    assert {mode(path) for path in files} == {0o600}


def test_an_export_file_is_owner_only(app, client, auth, company, loose_umask):
    make_invoice(company, make_customer(company, account_number="C1"))
    auth.login_office()
    response = export(client, "sales_invoices", "ledgerbridge")
    assert response.status_code == 200
    response.get_data()
    response.close()
    row = db.session.get(Export, int(response.headers["X-Export-Id"]))
    folder = Path(app.config["INSTANCE_PATH"]) / "exports"
    assert mode(folder) == 0o700
    assert mode(folder / row.stored_name) == 0o600


def test_the_embedded_redis_files_are_owner_only(tmp_path, loose_umask):
    instance = tmp_path / "redis-instance"
    embedded_redis.ensure_running(instance)
    try:
        assert mode(instance) == 0o700
        for name in ("redis.lock", "redis.pid", "redis.log"):
            assert mode(instance / name) == 0o600, name
    finally:
        assert embedded_redis.shutdown(instance)
    assert mode(instance / "redis.rdb") == 0o600  # saved on the way down


def test_the_web_entry_point_sets_an_owner_only_umask(tmp_path, test_config):
    env = {
        **os.environ,
        "INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "umask-test",
        "DATABASE_URL": test_config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": test_config["REDIS_URL"],
    }
    code = "import os, wsgi; print(oct(os.umask(0)))"
    shown = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert shown.stdout.strip().splitlines()[-1] == "0o77"
