"""The bell: the real unread count, the dropdown, marking read, privacy."""

from app.models import Notification
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
    note = factories.make_notification(factories.user(company), link="/payments/")
    auth.login()
    response = client.post(f"/notifications/{note.id}/open")
    assert response.headers["Location"] == "/payments/"
    assert factories.fresh(Notification, note.id).read is True


def test_external_links_are_never_followed(client, auth, company):
    note = factories.make_notification(
        factories.user(company), link="https://evil.example/"
    )
    auth.login()
    response = client.post(f"/notifications/{note.id}/open")
    assert response.headers["Location"] == "/notifications/"


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
