"""The bell: the real unread count, the dropdown, marking read, privacy."""

import sqlalchemy as sa

from app.extensions import db
from app.integrations import services as integrations
from app.models import Notification, SyncRun
from app.sync import runs
from tests import factories
from tests.conftest import htmx_headers


def test_bell_fragment_counts_only_my_unread(client, auth, company):
    admin = factories.user(company)
    office = factories.user(company, "office")
    factories.make_notification(admin, "Sync finished")
    factories.make_notification(admin, "Old news", read=True)
    factories.make_notification(office, "Not yours")
    auth.login()
    response = client.get("/notifications/bell", headers=htmx_headers("bell"))
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="bell"')
    assert 'data-unread="1"' in html
    assert "Sync finished" in html and "Old news" in html
    assert "Not yours" not in html
    assert 'hx-trigger="every 30s, notifications-changed from:body"' in html


def test_no_badge_when_nothing_unread(client, auth, company):
    auth.login()
    html = client.get("/notifications/bell").get_data(as_text=True)
    assert "data-unread" not in html
    assert "No notifications yet." in html


def test_opening_a_notification_marks_it_read_and_follows_link(client, auth, company):
    note = factories.make_notification(
        factories.user(company), endpoint="payments.index"
    )
    auth.login()
    response = client.post(f"/notifications/{note.id}/open")
    assert response.headers["Location"] == "/payments/"
    assert factories.fresh(Notification, note.id).read is True


def test_the_link_is_built_from_the_endpoint_and_its_values(client, auth, company):
    admin = factories.user(company)
    note = factories.make_notification(
        admin, endpoint="history.index", run=7, _anchor="run-7"
    )
    auth.login()
    response = client.post(f"/notifications/{note.id}/open")
    assert response.headers["Location"] == "/settings/history/?run=7#run-7"


def test_a_page_that_is_gone_opens_the_list(client, auth, company):
    admin = factories.user(company)
    gone = factories.make_notification(admin, endpoint="nowhere.index")
    unnamed = factories.make_notification(admin, endpoint="")
    auth.login()
    for note in (gone, unnamed):
        response = client.post(f"/notifications/{note.id}/open")
        assert response.headers["Location"] == "/notifications/"


def test_a_finished_run_and_a_lost_sign_in_open_the_pages_they_did(
    client, auth, company
):
    """The bell opens the same URLs the old stored paths were."""
    run = SyncRun(company_id=company.id, provider="xero", kinds="push_invoices")
    db.session.add(run)
    db.session.commit()
    runs.finish(run.id, SyncRun.SUCCEEDED)
    integrations.notify_admins(db.session, company.id, "Reconnect Xero", "Refused.")
    db.session.commit()
    auth.login()
    opened = {
        note.title: client.post(f"/notifications/{note.id}/open").headers["Location"]
        for note in db.session.scalars(sa.select(Notification))
    }
    assert opened == {
        "Xero sync succeeded": f"/settings/history/?run={run.id}#run-{run.id}",
        "Reconnect Xero": "/settings/integrations/",
    }


def test_mark_all_read_with_htmx_returns_fresh_bell(client, auth, company):
    admin = factories.user(company)
    for title in ("One", "Two"):
        factories.make_notification(admin, title)
    auth.login()
    response = client.post("/notifications/read-all", headers=htmx_headers("bell"))
    assert response.status_code == 200
    assert "data-unread" not in response.get_data(as_text=True)
    html = client.get("/invoices/").get_data(as_text=True)
    assert "data-unread" not in html


def test_mark_all_read_without_javascript_redirects_back(client, auth, company):
    factories.make_notification(factories.user(company))
    auth.login()
    response = client.post("/notifications/read-all", data={"next": "/customers/"})
    assert response.headers["Location"] == "/customers/"


def test_someone_elses_notification_is_404(client, auth, company, other_company):
    colleague = factories.make_notification(factories.user(company, "office"))
    stranger = factories.make_notification(factories.user(other_company))
    auth.login()
    assert client.post(f"/notifications/{colleague.id}/open").status_code == 404
    assert client.post(f"/notifications/{stranger.id}/open").status_code == 404
    assert factories.fresh(Notification, colleague.id).read is False


def test_notification_list_pages(client, auth, company):
    admin = factories.user(company)
    for i in range(30):
        factories.make_notification(admin, f"Note {i}")
    auth.login()
    html = client.get("/notifications/?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in html
    fragment = client.get(
        "/notifications/", headers=htmx_headers("notification-list")
    ).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="notification-list"')
