"""One registry of packages: the models, the settings and the sync all read it."""

from app.providers.base import AccountsProvider
from app.providers.registry import CLIENTS, PROVIDER_NAMES, PROVIDERS
from app.providers.settings import REAL, provider_settings
from app.sync import push


def test_every_package_is_registered_once_and_known_everywhere():
    assert PROVIDERS == ("xero", "quickbooks")
    assert set(REAL) == set(PROVIDERS)
    assert PROVIDER_NAMES == {"xero": "Xero", "quickbooks": "QuickBooks Online"}
    for name, client in CLIENTS.items():
        assert issubclass(client, AccountsProvider)
        assert client.name == name and client.label and client.batch_size > 0


def test_the_push_batches_as_each_package_allows():
    class Run:  # the one thing size_of reads from the RunContext
        provider_key = "xero"

    assert push.size_of(Run) == 50
    Run.provider_key = "quickbooks"
    assert push.size_of(Run) == 30


def test_only_packages_with_drafts_make_payments_wait_for_approval():
    assert CLIENTS["xero"].sends_drafts
    assert not CLIENTS["quickbooks"].sends_drafts


def test_each_package_paces_under_its_own_minute_limit():
    for name, limit in (("xero", 60), ("quickbooks", 500)):
        client = CLIENTS[name]
        assert client.minute_limit == limit
        settings = provider_settings(name)
        assert client(settings, "1", tokens=None).http.pacer.limit == limit
        slower = settings.with_changes(minute_limit=5)  # a setting still wins
        assert client(slower, "1", tokens=None).http.pacer.limit == 5


def test_each_package_brings_its_own_connect_steps():
    assert "accounting.invoices" in CLIENTS["xero"].scopes
    assert CLIENTS["quickbooks"].scopes == "com.intuit.quickbooks.accounting"
    labels = {name: client.remote_id_label for name, client in CLIENTS.items()}
    assert labels == {"xero": "Tenant ID", "quickbooks": "Realm ID"}
