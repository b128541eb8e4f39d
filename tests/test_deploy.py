"""The production recipe runs as written: gunicorn with deploy/gunicorn.conf.py."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests import factories

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PUBLIC = "https://ledgerbridge.example.co.uk"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")
def test_gunicorn_serves_the_app_behind_a_proxy(app, test_config, tmp_path, company):
    port = free_port()
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "1",
        "DATABASE_URL": test_config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": test_config["REDIS_URL"],
        "SECRET_KEY": "deploy-test-secret",
        "INSTANCE_PATH": str(tmp_path),
        "SESSION_COOKIE_SECURE": "0",  # plain HTTP between this test and gunicorn
        "PUBLIC_URL": PUBLIC,
    }
    server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.1)  # gunicorn is still binding its port
        assert health is not None, "gunicorn did not start"
        assert health.status_code == 200 and health.json()["status"] == "ok"
        page = requests.get(f"{base}/login", timeout=5)
        assert page.status_code == 200 and "Sign in" in page.text
        # nginx says the visitor came over HTTPS: the OAuth redirect URI says so too.
        with requests.Session() as browser:
            # As a browser on https would: Flask-WTF checks the Referer there.
            browser.headers["X-Forwarded-Proto"] = "https"
            browser.headers["Referer"] = f"https://127.0.0.1:{port}/login"
            form = browser.get(f"{base}/login", timeout=5).text
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)[1]
            signed_in = browser.post(
                f"{base}/login",
                data={"csrf_token": token, "email": "admin@acme.example",
                      "password": factories.PASSWORD},
                timeout=5,
            )  # fmt: skip
            assert signed_in.status_code == 200, signed_in.text
            cards = browser.get(f"{base}/settings/integrations/", timeout=5).text
            # A Host header naming another site changes nothing.
            browser.headers["Host"] = "evil.example"
            forged = browser.get(f"{base}/settings/integrations/", timeout=5).text
        assert f"{PUBLIC}/settings/integrations/xero/callback" in cards
        assert "evil.example" not in cards and "evil.example" not in forged
    finally:
        server.terminate()
        server.wait(timeout=30)


def server_blocks(text):
    """The top-level server { ... } blocks of an nginx file, comments dropped."""
    text = re.sub(r"#[^\n]*", "", text)
    blocks, depth, start = [], 0, None
    for place, char in enumerate(text):
        if char == "{":
            depth += 1
            if depth == 1:
                start = place
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append(text[start:place])
    return blocks


def test_nginx_answers_only_its_own_name():
    blocks = server_blocks((ROOT / "deploy/nginx.conf").read_text())
    defaults = [b for b in blocks if "default_server" in b]
    assert len(defaults) == 1, "one catch-all for every other Host"
    [catch_all] = defaults
    assert re.search(r"listen 80 default_server;", catch_all)
    assert re.search(r"listen 443 ssl default_server;", catch_all)
    assert re.search(r"return 444;", catch_all)
    assert "proxy_pass" not in catch_all
    for block in blocks:
        if block is not catch_all:
            assert "server_name ledgerbridge.example.co.uk;" in block
            assert "$host" not in block.split("location")[0]  # no Host-built URLs
    assert any("proxy_pass http://127.0.0.1:8000;" in b for b in blocks)


def test_the_recipe_sets_public_url():
    env = (ROOT / "deploy/ledgerbridge.env.example").read_text()
    assert f"PUBLIC_URL={PUBLIC}" in env.splitlines()
    readme = (ROOT / "README.md").read_text()
    assert "s|^PUBLIC_URL=.*|PUBLIC_URL=https://$HOST|" in readme
    assert "rm -f /etc/nginx/sites-enabled/default" in readme
