"""Every page and every htmx fragment we can reach is valid HTML, by the Nu Html
Checker (vnu.jar from npm's vnu-jar, pinned in tests/package.json) run once."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.extensions import db
from app.models import Notification, SyncItem, SyncRun
from tests import factories
from tests.conftest import htmx_headers
from tests.sync import conftest as sync_fixtures

# The sandbox over HTTP, as the sync engine's own tests use it.
admin = sync_fixtures.admin
connected = sync_fixtures.connected
http = sync_fixtures.http
linked_app = sync_fixtures.linked_app
sandbox_app = sync_fixtures.sandbox_app
sandbox_url = sync_fixtures.sandbox_url

VNU = Path(__file__).parent / "node_modules/vnu-jar/build/dist/vnu.jar"
# htmx's own attributes: vnu knows only the standard ones (htmx also reads data-hx-*).
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” not allowed on element")
SHELL = (
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>fragment</title></head><body>{}</body></html>"
)
SLOT = '<div id="{}">{}</div>'  # the element an innerHTML swap fills
HX_GET = re.compile(r'<[^>]*\bhx-get="([^"]+)"[^>]*>')
SKIPPED = {"static", "auth.logout", "main.healthz", "imports.template"}
# Not HTML: downloads.
NOT_HTML = {"exports.download", "imports.rejected"}


@pytest.fixture
def provider():
    return "xero"


def demo_data(company):
    """One of every record, and a run with failed, skipped and sent items."""
    ids = factories.one_of_each(company)
    customer = factories.make_customer(company, name="Harbour View Lettings")
    paid = factories.make_invoice(company, customer, number="INV-00003")
    factories.make_payment(paid, "10.00")
    factories.make_invoice(company, customer, number="INV-VOID", status="void")
    run = factories.make_sync_run(company, failed_invoice=paid)
    for kind, local_id, status, action in (
        ("payment", ids["payment_id"], SyncItem.SKIPPED, "skipped"),
        ("customer", customer.id, SyncItem.OK, "created"),
        ("credit_note", ids["credit_note_id"], SyncItem.FAILED, "skipped"),
    ):
        db.session.add(
            SyncItem(
                run_id=run.id,
                kind=kind,
                local_id=local_id,
                label=f"{kind} {local_id}",
                action=action,
                status=status,
                error_code="customer_archived" if status != SyncItem.OK else None,
                remote_url="https://example.com/x" if status == SyncItem.OK else None,
            )
        )
    run.skipped, run.created = 1, 1
    factories.make_sync_run(company, status=SyncRun.SUCCEEDED)
    db.session.add(
        Notification(
            company_id=company.id,
            user_id=factories.user(company).id,
            title="Xero sync completed with 1 error",
            body="0 created",
            endpoint="history.index",
            url_values=json.dumps({"run": run.id, "_anchor": f"run-{run.id}"}),
        )
    )
    db.session.commit()
    ids["run_id"] = run.id
    return ids


def page_urls(app, ids):
    """Each GET route with its arguments filled from `ids`."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED | NOT_HTML:
            continue
        if rule.endpoint.startswith("sandbox"):
            continue
        if any(arg not in ids for arg in rule.arguments):
            continue
        path = rule.build({arg: ids[arg] for arg in rule.arguments})[1]
        urls.append(path)
    run = ids["run_id"]
    urls += [f"/settings/history/?run={run}", "/invoices/?q=INV", "/invoices/?page=99"]
    return sorted(set(urls))


def fragments_of(html):
    """(url, target id) for each hx-get in a page, as htmx would ask for it."""
    found = []
    for tag in HX_GET.finditer(html):
        url = tag.group(1).replace("&amp;", "&")
        target = re.search(r'hx-target="([^"]+)"', tag.group(0))
        target = target.group(1) if target else "this"
        if target == "this":
            own = re.search(r'\bid="([^"]+)"', tag.group(0))
            target = own.group(1) if own else ""
        elif target.startswith("#"):
            target = target[1:]
        else:
            continue  # closest/next: the element's own context, not a page target
        found.append((url, target))
    return found


class Collected:
    """The HTML replies to check, each saved as its own file."""

    def __init__(self, folder):
        self.folder, self.sources = folder, {}

    def add(self, label, reply, target=""):
        """Save a reply; a fragment goes into a page, inside its target if it
        does not carry the target's id itself (an innerHTML swap)."""
        assert reply.status_code < 500, (label, reply.status_code)
        if not reply.mimetype == "text/html" or not reply.data.strip():
            return
        text = reply.get_data(as_text=True)
        if not text.lstrip().lower().startswith("<!doctype"):
            if target and f'id="{target}"' not in text:
                text = SLOT.format(target, text)
            text = SHELL.format(text)
        name = f"{len(self.sources):03d}.html"
        (self.folder / name).write_text(text)
        self.sources[name] = label


def collect(client, collected, who, urls):
    for url in urls:
        reply = client.get(url)
        collected.add(f"{who} {url}", reply)
        if reply.status_code != 200:
            continue
        for fragment_url, target in fragments_of(reply.get_data(as_text=True)):
            if urlsplit(fragment_url).path == "/logout":
                continue
            answer = client.get(fragment_url, headers=htmx_headers(target))
            collected.add(f"{who} {fragment_url} -> #{target}", answer, target)


def posted_fragments(client, collected, ids):
    """The fragments only a POST reaches: the modal, progress, Don't send, retry."""
    htmx = htmx_headers
    steps = [
        ("/settings/integrations/options", {"action": "sync", "push_invoices": "y",
                                            "push_payments": "y",
                                            "invoice_status": "approved"}, "modal"),
        ("/settings/history/exclusions", {"kind": "invoice", "local_id":
                                          ids["invoice_id"], "next": "/"}, ""),
        (f"/settings/history/exclusions/{ids['exclusion_id']}/delete", {}, ""),
        (f"/settings/history/{ids['run_id']}/retry", {}, f"run-{ids['run_id']}-items"),
        ("/sync/runs", {}, "sync-progress"),
    ]  # fmt: skip
    for url, form, target in steps:
        reply = client.post(url, data=form, headers=htmx(target))
        if target == "modal":
            assert b"Proceed" in reply.data, reply.data
        collected.add(f"admin POST {url}", reply, target)


def vnu_errors(folder):
    """vnu's errors for every file in the folder, in one Java run."""
    if not VNU.exists():
        if os.environ.get("REQUIRE_HTML_CHECK"):
            pytest.fail(f"{VNU} is missing: npm ci --ignore-scripts --prefix tests")
        pytest.skip("the HTML checker is not installed: npm ci --prefix tests")
    java = shutil.which("java")
    assert java, "Java is needed for the HTML checker (apt-get install default-jre)"
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--errors-only",
         str(folder)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    return [m for m in messages if not HTMX_ATTRIBUTE.match(m.get("message", ""))]


@pytest.mark.usefixtures("connected")
def test_every_page_and_fragment_is_valid_html(app, client, auth, company, tmp_path):
    """Admin and office pages, their htmx fragments and the posted ones: no error."""
    ids = demo_data(company)
    ids["provider"] = "xero"
    urls = page_urls(app, ids)
    folder = tmp_path / "html"
    folder.mkdir()
    collected = Collected(folder)
    auth.logout()  # `connected` signed the admin in
    collected.add("login", client.get("/login"))
    collected.add("404", client.get("/no-such-page"))
    assert auth.login_office().status_code == 302
    collect(client, collected, "office", urls)
    auth.logout()
    auth.login()
    collect(client, collected, "admin", urls)
    posted_fragments(client, collected, ids)
    assert len(collected.sources) > 100

    errors = vnu_errors(folder)
    report = [
        f"{collected.sources[Path(urlsplit(m['url']).path).name]} "
        f"line {m.get('lastLine')}: {m['message']} [{m.get('extract', '')!r}]"
        for m in errors
    ]
    assert not report, "\n".join(sorted(set(report)))
