"""flask rotate-encryption-key: every secret moves to the new key, or none does."""

import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask import current_app

from app.extensions import db
from app.models import AccountsConnection, ProviderApp

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def use_key(app, key):
    """Both the CLI's app and the test's own context read secrets with this key."""
    app.config["ENCRYPTION_KEY"] = key
    current_app.config["ENCRYPTION_KEY"] = key


def stored(model, column):
    raw = sa.type_coerce(getattr(model, column), sa.Text)
    return db.session.scalar(sa.select(raw))


def secrets_under(app, company, key):
    use_key(app, key)
    db.session.add(
        ProviderApp(
            company_id=company.id, provider="xero", client_id="id", client_secret="s3"
        )
    )
    db.session.add(
        AccountsConnection(
            company_id=company.id,
            provider="xero",
            status="connected",
            access_token="access-1",
            refresh_token="refresh-1",
        )
    )
    db.session.commit()


def test_rotation_re_encrypts_every_secret(app, runner, company):
    secrets_under(app, company, OLD)
    before = stored(AccountsConnection, "refresh_token")
    use_key(app, NEW)
    result = runner.invoke(args=["rotate-encryption-key", "--old-key", OLD])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 3 secret(s); 0 already" in result.output
    db.session.expire_all()
    row = db.session.scalar(sa.select(AccountsConnection))
    assert (row.access_token, row.refresh_token) == ("access-1", "refresh-1")
    assert db.session.scalar(sa.select(ProviderApp)).client_secret == "s3"
    after = stored(AccountsConnection, "refresh_token")
    assert after != before and Fernet(NEW.encode()).decrypt(after.encode())
    again = runner.invoke(args=["rotate-encryption-key", "--old-key", OLD])
    assert "Re-encrypted 0 secret(s); 3 already" in again.output


def test_a_wrong_old_key_changes_nothing(app, runner, company):
    secrets_under(app, company, OLD)
    before = stored(ProviderApp, "client_secret")
    use_key(app, NEW)
    wrong = Fernet.generate_key().decode()
    result = runner.invoke(args=["rotate-encryption-key", "--old-key", wrong])
    assert result.exit_code == 1
    assert "could not be read with the old key; nothing was changed" in result.output
    db.session.expire_all()
    assert stored(ProviderApp, "client_secret") == before


def test_from_a_derived_key_and_bad_arguments(app, runner, company):
    app.config["ENCRYPTION_KEY"] = ""
    current_app.config["ENCRYPTION_KEY"] = ""
    secrets_under(app, company, "")
    use_key(app, NEW)
    secret = app.config["SECRET_KEY"]
    result = runner.invoke(args=["rotate-encryption-key", "--old-secret-key", secret])
    assert result.exit_code == 0 and "Re-encrypted 3" in result.output
    both = runner.invoke(args=["rotate-encryption-key", "--old-key", OLD,
                               "--old-secret-key", secret])  # fmt: skip
    assert both.exit_code == 2 and "exactly one" in both.output
    bad = runner.invoke(args=["rotate-encryption-key", "--old-key", "not-a-key"])
    assert bad.exit_code == 2 and "not a valid Fernet key" in bad.output
