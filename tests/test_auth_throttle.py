"""Sign-in throttling: per account and per address, shared through Redis."""

import statistics
import threading
import time

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import AuditEntry, User
from tests import factories

ADMIN = "admin@acme.example"
REFUSED = "That email and password do not match an account."
WRONG = "wrong password"


def attempt(client, email=ADMIN, password=WRONG, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def signed_in(response):
    return response.status_code == 302 and "/login" not in response.headers["Location"]


def entries(kind):
    return db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.id)
    ).all()


def test_five_failures_pause_the_account_even_for_the_right_password(client, company):
    for _ in range(4):
        response = attempt(client)
        assert response.status_code == 200
        assert REFUSED in response.get_data(as_text=True)
    fifth = attempt(client)
    assert fifth.status_code == 429
    page = fifth.get_data(as_text=True)
    assert "Too many failed sign-ins for this account" in page
    assert "Try again in 15 minutes, at " in page
    assert 880 <= int(fifth.headers["Retry-After"]) <= 900

    right = attempt(client, password=factories.PASSWORD)
    assert right.status_code == 429 and not signed_in(right)
    assert "Try again in 15 minutes" in right.get_data(as_text=True)
    assert client.get("/invoices/").status_code == 302


def test_the_pause_ends_and_then_the_right_password_signs_in(make_app, company):
    client = make_app(SIGN_IN_ACCOUNT_LIMITS="3 per 2 seconds").test_client()
    assert [attempt(client).status_code for _ in range(3)] == [200, 200, 429]
    refused = attempt(client, password=factories.PASSWORD)
    assert refused.status_code == 429
    assert "Try again in 2 seconds" in refused.get_data(as_text=True)
    time.sleep(int(refused.headers["Retry-After"]))  # the pause is wall-clock time
    assert signed_in(attempt(client, password=factories.PASSWORD))


def test_each_pause_is_longer_than_the_last(make_app, company):
    client = make_app(SIGN_IN_ACCOUNT_LIMITS="2 per 1 second; 3 per hour").test_client()
    attempt(client)
    first = attempt(client)
    assert first.status_code == 429 and int(first.headers["Retry-After"]) == 1
    time.sleep(1)
    second = attempt(client)
    assert second.status_code == 429
    assert int(second.headers["Retry-After"]) > 3500
    assert "Try again in 60 minutes" in second.get_data(as_text=True)


def test_a_sign_in_forgets_earlier_typos(client, company):
    for _ in range(4):
        attempt(client)
    assert signed_in(attempt(client, password=factories.PASSWORD))
    client.post("/logout")
    for _ in range(4):
        assert attempt(client).status_code == 200


def test_other_people_sign_in_while_one_account_is_paused(client, company):
    for _ in range(5):
        attempt(client)
    assert attempt(client, password=factories.PASSWORD).status_code == 429
    assert signed_in(attempt(client, "office@acme.example", factories.PASSWORD))


def test_an_unknown_email_is_paused_like_a_real_one(client, company):
    statuses = [attempt(client, "nobody@acme.example").status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_many_failures_from_one_address_pause_that_address(make_app, company):
    app = make_app(SIGN_IN_ADDRESS_LIMITS="6 per hour")
    here = app.test_client()
    statuses = [attempt(here, f"guess{n}@acme.example").status_code for n in range(6)]
    assert statuses == [200] * 5 + [429]
    blocked = attempt(here, password=factories.PASSWORD)
    assert blocked.status_code == 429
    assert "for your network address" in blocked.get_data(as_text=True)
    # With no proxy configured, a forwarded-for header anyone can send is ignored.
    spoofed = attempt(
        here, password=factories.PASSWORD, headers={"X-Forwarded-For": "198.51.100.7"}
    )
    assert spoofed.status_code == 429
    elsewhere = app.test_client()
    assert signed_in(
        attempt(
            elsewhere,
            password=factories.PASSWORD,
            environ_base={"REMOTE_ADDR": "192.0.2.44"},
        )
    )


def test_behind_the_proxy_the_forwarded_address_is_the_client(make_app, company):
    app = make_app(TRUSTED_PROXIES=1, SIGN_IN_ADDRESS_LIMITS="3 per hour")
    client = app.test_client()

    def from_(address, **kwargs):
        return attempt(client, headers={"X-Forwarded-For": address}, **kwargs)

    assert [from_("203.0.113.5").status_code for _ in range(3)] == [200, 200, 429]
    assert signed_in(from_("203.0.113.6", password=factories.PASSWORD))
    failed = entries(AuditEntry.SIGN_IN_FAILED)
    assert {entry.address for entry in failed} == {"203.0.113.5"}
    assert entries(AuditEntry.SIGNED_IN)[0].address == "203.0.113.6"


def test_without_a_proxy_the_forwarded_header_is_not_the_address(client, company):
    attempt(client, headers={"X-Forwarded-For": "203.0.113.5"})
    assert entries(AuditEntry.SIGN_IN_FAILED)[0].address == "127.0.0.1"


def test_two_app_instances_on_one_redis_share_the_counts(app, make_app, company):
    other = make_app()
    # Each app has its own storage and connection: what they share is Redis.
    assert other.extensions["sign_in_limiter"] is not app.extensions["sign_in_limiter"]
    first, second = app.test_client(), other.test_client()
    for client in (first, second, first, second):
        assert attempt(client).status_code == 200
    assert attempt(second).status_code == 429
    assert attempt(first, password=factories.PASSWORD).status_code == 429
    keys = list(app.extensions["redis"].scan_iter("lb:limits:*"))
    assert keys


def test_guesses_sent_at_once_get_no_more_tries_than_the_limit(app, make_app, company):
    apps = [app, make_app()]
    clients = [apps[n % 2].test_client() for n in range(12)]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def guess(client, n):
        barrier.wait()
        statuses.append(attempt(client, password=f"guess number {n}").status_code)

    threads = [
        threading.Thread(target=guess, args=(client, n))
        for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 12 and set(statuses) <= {200, 429}
    assert statuses.count(429) >= 7
    assert len(entries(AuditEntry.SIGN_IN_FAILED)) == 5  # five passwords checked
    assert attempt(clients[0], password=factories.PASSWORD).status_code == 429


def test_unknown_email_and_wrong_password_answer_alike(make_app, company):
    # Costly hashes, as in production, so the time difference would show.
    method = "pbkdf2:sha256:200000"
    app = make_app(PASSWORD_HASH_METHOD=method, SIGN_IN_ACCOUNT_LIMITS="50 per hour")
    admin = db.session.scalar(sa.select(User).where(User.email == ADMIN))
    admin.password_hash = generate_password_hash(factories.PASSWORD, method=method)
    db.session.commit()
    client = app.test_client()
    attempt(client, "warm-up@acme.example")
    timings = {ADMIN: [], "nobody@acme.example": []}
    pages = {}
    for _ in range(3):
        for email, spent in timings.items():
            started = time.perf_counter()
            response = attempt(client, email)
            spent.append(time.perf_counter() - started)
            assert response.status_code == 200
            pages[email] = response.get_data(as_text=True).replace(email, "EMAIL")
    assert pages[ADMIN] == pages["nobody@acme.example"]
    wrong = statistics.median(timings[ADMIN])
    unknown = statistics.median(timings["nobody@acme.example"])
    assert 0.5 < unknown / wrong < 2, (unknown, wrong)


def test_failed_sign_ins_and_the_pause_are_audited(client, company, other_company):
    attempt(client, "nobody@nowhere.example")
    for _ in range(5):
        attempt(client)
    unknown, *known = entries(AuditEntry.SIGN_IN_FAILED)
    assert unknown.company_id is None
    assert unknown.actor_email == "nobody@nowhere.example"
    assert len(known) == 5
    assert {(e.company_id, e.actor_email) for e in known} == {(company.id, ADMIN)}
    (locked,) = entries(AuditEntry.LOCKED_OUT)
    assert locked.company_id == company.id and locked.actor_email == ADMIN
    assert locked.detail_dict["paused"] == "sign-in-account"
    # A refused attempt during the pause checks nothing and writes nothing.
    attempt(client, password=factories.PASSWORD)
    assert len(entries(AuditEntry.SIGN_IN_FAILED)) == 6
    assert entries(AuditEntry.SIGNED_IN) == []


@pytest.fixture
def redis_gone(make_app):
    """An app whose Redis does not answer (nothing listens on that port)."""
    return make_app(REDIS_URL="redis://127.0.0.1:9/0")


def test_without_redis_sign_in_still_works_unthrottled(redis_gone, company, caplog):
    client = redis_gone.test_client()
    assert attempt(client).status_code == 200
    assert signed_in(attempt(client, password=factories.PASSWORD))
    assert "Redis did not answer" in caplog.text
