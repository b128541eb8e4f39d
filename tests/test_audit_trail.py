"""Settings > Audit trail: the list, filters, paging, the CSV, who may read it."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.audit_trail import csv_export, paging, services
from app.extensions import db
from app.models import AuditEntry
from tests.conftest import htmx_headers
from tests.factories import user

ROW = re.compile(r'<tr id="entry-(\d+)"')
URL = "/settings/audit/"


def entry(company, kind=AuditEntry.OPTIONS_CHANGED, when=None, actor=None, **fields):
    """An entry as app.audit.record would leave it, written `when` (UTC)."""
    actor = actor if actor is not None else user(company)
    row = AuditEntry(
        company_id=company.id,
        kind=kind,
        created_at=when or datetime.now(UTC),
        actor_id=actor.id if actor else None,
        actor_email=actor.email if actor else "",
        address=fields.pop("address", "198.51.100.4"),
        summary=fields.pop("summary", "Sync options changed (1 setting)."),
        details=json.dumps(fields.pop("details", {})),
    )
    db.session.add(row)
    db.session.commit()
    return row


def many(company, count, start=None, kind=AuditEntry.OPTIONS_CHANGED, hours=1):
    """`count` entries `hours` apart, oldest first, in one bulk insert; their ids."""
    start = start or datetime.now(UTC) - timedelta(hours=count * hours)
    admin = user(company)
    rows = [
        dict(
            company_id=company.id,
            kind=kind,
            created_at=start + timedelta(hours=n * hours),
            actor_id=admin.id,
            actor_email=admin.email,
            address="198.51.100.4",
            summary=f"Entry {n}",
            details="{}",
        )
        for n in range(count)
    ]
    db.session.execute(sa.insert(AuditEntry), rows)
    db.session.commit()
    return db.session.scalars(  # this insert's own: signing in writes entries too
        sa.select(AuditEntry.id)
        .where(AuditEntry.company_id == company.id, AuditEntry.kind == kind)
        .order_by(AuditEntry.id)
    ).all()


def mine(reply, *entries):
    """The listed ids among these entries (signing in may add entries of its own)."""
    ids = {row.id for row in entries}
    return [n for n in shown(reply) if n in ids]


def shown(reply):
    assert reply.status_code == 200, reply.get_data(as_text=True)[:500]
    return [int(n) for n in ROW.findall(reply.get_data(as_text=True))]


def test_entries_newest_first_with_when_who_address_kind_and_details(
    client, auth, company
):
    auth.login()  # first: signing in may write entries of its own
    older = entry(company, when=datetime.now(UTC) - timedelta(days=1))
    newer = entry(
        company,
        kind=AuditEntry.OPTIONS_CHANGED,
        address="203.0.113.9",
        details={
            "before": {"push_payments": True, "auto_sync": "off"},
            "after": {"push_payments": False, "auto_sync": "daily"},
        },
    )
    reply = client.get(URL)
    assert mine(reply, older, newer) == [newer.id, older.id]
    text = reply.get_data(as_text=True)
    assert "admin@acme.example" in text and "203.0.113.9" in text
    assert "Sync options changed" in text
    assert "Push payments: yes → no" in text
    assert "Automatic sync: off → daily" in text
    local = newer.created_at.astimezone().strftime("%d/%m/%Y %H:%M")
    assert local in text
    text = client.get(f"{URL}?kind=options_changed").get_data(as_text=True)
    assert "2 entries match, newest first" in text


def test_settings_links_to_the_audit_trail(client, auth, company):
    auth.login()
    assert b'href="/settings/audit/"' in client.get("/settings/").data


def test_filters_by_person_kind_and_dates(client, auth, company):
    admin, office = user(company), user(company, "office")
    now = datetime.now(UTC)
    options = entry(company, when=now - timedelta(days=10))
    retry = entry(company, AuditEntry.RETRY_STARTED, when=now - timedelta(days=3))
    by_office = entry(company, AuditEntry.RETRY_STARTED, actor=office, when=now)
    auth.login()
    assert shown(client.get(f"{URL}?actor={office.id}")) == [by_office.id]
    by_admin = client.get(f"{URL}?actor={admin.id}")
    assert mine(by_admin, options, retry, by_office) == [retry.id, options.id]
    assert shown(client.get(f"{URL}?kind=retry_started")) == [by_office.id, retry.id]
    day = (now - timedelta(days=3)).astimezone().date()
    one_day = day.strftime("%d/%m/%Y")
    assert shown(client.get(f"{URL}?date_from={one_day}&date_to={one_day}")) == [
        retry.id
    ]
    since = (now - timedelta(days=5)).astimezone().date().isoformat()
    recent = client.get(f"{URL}?date_from={since}")
    assert mine(recent, options, retry, by_office) == [by_office.id, retry.id]
    assert shown(client.get(f"{URL}?date_to={since}")) == [options.id]
    mixed = f"{URL}?kind=retry_started&actor={admin.id}&date_to={since}"
    assert shown(client.get(mixed)) == []
    mixed = f"{URL}?kind=retry_started&actor={admin.id}&date_from={since}"
    assert shown(client.get(mixed)) == [retry.id]


def test_a_date_range_is_exactly_the_entries_of_those_days(client, auth, company):
    start = datetime.now(UTC) - timedelta(days=25)
    ids = many(company, 100, start=start, kind=AuditEntry.EXCLUDED, hours=5)
    rows = db.session.execute(
        sa.select(AuditEntry.id, AuditEntry.created_at).where(AuditEntry.id.in_(ids))
    ).all()
    day_of = {r.id: services.aware(r.created_at).astimezone().date() for r in rows}
    auth.login()
    days = sorted(set(day_of.values()))
    for first, last in ((days[0], days[0]), (days[3], days[9]), (days[-2], days[-1])):
        query = f"kind=excluded&date_from={first:%d/%m/%Y}&date_to={last:%d/%m/%Y}"
        expected = [n for n in reversed(ids) if first <= day_of[n] <= last]
        assert shown(client.get(f"{URL}?{query}")) == expected[:25]
    before = days[0] - timedelta(days=1)
    assert shown(client.get(f"{URL}?kind=excluded&date_to={before:%d/%m/%Y}")) == []
    after = days[-1] + timedelta(days=1)
    assert shown(client.get(f"{URL}?kind=excluded&date_from={after:%d/%m/%Y}")) == []


@pytest.mark.parametrize(
    "query, message",
    [
        ("date_from=31/02/2025", "From date “31/02/2025” was not understood"),
        ("date_to=yesterday", "To date “yesterday” was not understood"),
        ("date_from=01/01/0001", "was not understood"),
        ("date_from=02/01/2025&date_to=01/01/2025", "From date is after the To"),
        ("kind=dance&", "“dance” is not a kind of entry"),
        ("actor=abc", "is not one of this company"),
        ("actor=99999999999999999999999", "is not one of this company"),
        ("actor=²", "is not one of this company"),
        ("before=-4&after=x", "1 entry"),
        ("before=99999999999999999999999", "1 entry"),
    ],
)
def test_bad_filters_are_explained_never_a_500(client, auth, company, query, message):
    auth.login()
    entry(company)
    reply = client.get(f"{URL}?{query}&kind=options_changed")
    assert reply.status_code == 200
    assert message in reply.get_data(as_text=True)
    assert client.get(f"{URL}export.csv?{query}").status_code == 200


def test_paged_25_at_a_time_newer_and_older(client, auth, company):
    auth.login()
    ids = many(company, 60)
    first = client.get(f"{URL}?kind=options_changed")
    assert shown(first) == ids[::-1][:25]
    text = first.get_data(as_text=True)
    assert "60 entries" in text and "Newer" not in text
    older = re.search(r'href="([^"]*before=\d+[^"]*)"', text).group(1)
    second = client.get(older.replace("&amp;", "&"))
    assert shown(second) == ids[::-1][25:50]
    third_link = re.search(r'href="([^"]*before=\d+[^"]*)"', second.get_data(True))
    third = client.get(third_link.group(1).replace("&amp;", "&"))
    assert shown(third) == ids[::-1][50:]
    assert "Older" not in third.get_data(as_text=True)
    newer = re.search(r'href="([^"]*after=\d+[^"]*)"', third.get_data(as_text=True))
    back = client.get(newer.group(1).replace("&amp;", "&"))
    assert shown(back) == ids[::-1][25:50]
    # Newer from the second page is the first page again, full.
    top = client.get(f"{URL}?kind=options_changed&after={ids[-26]}")
    assert shown(top) == ids[::-1][:25]


def test_paging_keeps_the_filters(client, auth, company):
    auth.login()
    ids = many(company, 30, kind=AuditEntry.EXCLUDED)
    many(company, 5, kind=AuditEntry.INCLUDED)
    text = client.get(f"{URL}?kind=excluded").get_data(as_text=True)
    older = re.search(r'href="([^"]*before=\d+[^"]*)"', text).group(1)
    assert "kind=excluded" in older
    assert shown(client.get(older.replace("&amp;", "&"))) == ids[::-1][25:]


def test_the_count_is_bounded(client, auth, company, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 20)
    auth.login()
    many(company, 30)
    text = client.get(URL).get_data(as_text=True)
    assert "More than 20 entries" in text


def test_the_filter_form_gets_only_the_list_over_htmx(client, auth, company):
    auth.login()
    retry = entry(company, AuditEntry.RETRY_STARTED)
    entry(company)
    target = htmx_headers("audit-entries")
    reply = client.get(f"{URL}?kind=retry_started", headers=target)
    text = reply.get_data(as_text=True)
    assert text.lstrip().startswith('<div id="audit-entries">')
    assert "<html" not in text and shown(reply) == [retry.id]
    assert "HX-Request, HX-Target" in reply.headers["Vary"]
    assert "export.csv?kind=retry_started" in text
    full = client.get(f"{URL}?kind=retry_started")
    assert "<html" in full.get_data(as_text=True)


def read_csv(reply):
    assert reply.status_code == 200
    assert reply.mimetype == "text/csv"
    assert "attachment" in reply.headers["Content-Disposition"]
    data = reply.get_data()
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_of_the_filtered_list_is_spreadsheet_safe(client, auth, company):
    auth.login()
    entry(company, AuditEntry.RETRY_STARTED, summary="Retry.")
    entry(
        company,
        summary='=HYPERLINK("http://evil.example")',
        details={"before": {"client_id": "a"}, "after": {"client_id": "+b"}},
    )
    rows = read_csv(client.get(f"{URL}export.csv?kind=options_changed"))
    assert rows[0] == ["When", "Who", "Address", "Kind", "Summary", "Details"]
    assert len(rows) == 2
    when, who, address, kind, summary, details = rows[1]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", when)
    assert (who, address, kind) == (
        "admin@acme.example",
        "198.51.100.4",
        "Sync options changed",
    )
    assert summary == '\'=HYPERLINK("http://evil.example")'
    assert details == "Client ID: a → +b"
    everything = read_csv(client.get(f"{URL}export.csv"))
    assert {"Retry.", summary} <= {row[4] for row in everything}


def test_csv_streams_every_entry_in_batches(client, auth, company, monkeypatch):
    monkeypatch.setattr(csv_export, "CSV_BATCH", 7)
    auth.login()
    ids = many(company, 30)
    reply = client.get(f"{URL}export.csv?kind=options_changed")
    assert reply.is_streamed
    rows = read_csv(reply)
    assert [row[4] for row in rows[1:]] == [f"Entry {n}" for n in range(29, -1, -1)]
    assert len(rows) == len(ids) + 1


def test_office_users_get_403_on_every_url(client, auth, company):
    entry(company)
    auth.login_office()
    for url in (URL, f"{URL}export.csv", f"{URL}?kind=signed_in"):
        assert client.get(url).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, company):
    reply = client.get(URL)
    assert reply.status_code == 302 and "/login" in reply.headers["Location"]
    assert client.get(f"{URL}export.csv").status_code == 302


def test_another_companys_entries_are_never_shown(client, auth, company, other_company):
    auth.login()
    ours = entry(company)
    theirs = entry(other_company, summary="Rival secret change")
    db.session.add(  # a failed sign-in for an unknown email belongs to no company
        AuditEntry(kind=AuditEntry.SIGN_IN_FAILED, actor_email="who@x.example")
    )
    db.session.commit()
    rival_admin = user(other_company)
    everyone = set(db.session.scalars(sa.select(AuditEntry.id)))
    listed = set(shown(client.get(URL)))
    assert ours.id in listed
    assert listed <= set(
        db.session.scalars(
            sa.select(AuditEntry.id).where(AuditEntry.company_id == company.id)
        )
    )
    assert theirs.id in everyone - listed
    text = client.get(f"{URL}?actor={rival_admin.id}").get_data(as_text=True)
    assert "is not one of this company" in text
    assert "Rival secret change" not in text
    assert ours.id in shown(client.get(f"{URL}?before={theirs.id + 1}"))
    rows = read_csv(client.get(f"{URL}export.csv"))
    assert "Rival" not in json.dumps(rows) and "who@x.example" not in json.dumps(rows)


def test_no_route_edits_or_deletes_an_entry(app, client, auth, company):
    row = entry(company)
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit_trail."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    auth.login()
    for method in ("post", "put", "patch", "delete"):
        for url in (URL, f"{URL}{row.id}", f"{URL}{row.id}/delete"):
            assert getattr(client, method)(url).status_code in (404, 405)
    assert db.session.get(AuditEntry, row.id).summary == row.summary
    # Nor does any code: entries are only ever inserted.
    source = Path(__file__).resolve().parents[1] / "app"
    pattern = re.compile(r"(delete|update)\(\s*AuditEntry|AuditEntry\.__table__\.")
    for path in source.rglob("*.py"):
        assert not pattern.search(path.read_text()), path
