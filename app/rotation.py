"""Re-encrypt every stored secret under a new key: `flask rotate-encryption-key`."""

import click
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken

from app.audit_trail import changes
from app.crypto import derived_fernet, encrypted_columns, fernet
from app.extensions import db


@click.command("rotate-encryption-key")
@click.option(
    "--old-key",
    envvar="OLD_ENCRYPTION_KEY",
    help="The ENCRYPTION_KEY the secrets are stored under now.",
)
@click.option(
    "--old-secret-key",
    envvar="OLD_SECRET_KEY",
    help="Or the SECRET_KEY, for an install that had no ENCRYPTION_KEY.",
)
def rotate_encryption_key(old_key, old_secret_key):  # fmt: skip
    """Run with the NEW key in ENCRYPTION_KEY: every secret is re-encrypted under it
    in one transaction, or, if any cannot be read with the old key, none is."""
    if bool(old_key) == bool(old_secret_key):
        raise click.UsageError("Give exactly one of --old-key or --old-secret-key.")
    try:
        old = Fernet(old_key.encode()) if old_key else derived_fernet(old_secret_key)
    except (ValueError, TypeError):
        raise click.UsageError("--old-key is not a valid Fernet key.") from None
    new = fernet()
    changed = current = unreadable = 0
    per_company = {}  # company id (None: a table of no company) -> re-encrypted
    for table, column in encrypted_columns(db.metadata):
        raw = sa.type_coerce(column, sa.Text)  # the stored token, not decrypted
        owner = table.c.get("company_id", sa.null())
        rows = db.session.execute(
            sa.select(table.c.id, raw, owner).where(column.is_not(None))
        ).all()
        for row_id, token, company_id in rows:
            try:
                new.decrypt(token.encode())
                current += 1
                continue
            except InvalidToken:
                pass
            try:
                plain = old.decrypt(token.encode())
            except InvalidToken:
                unreadable += 1
                continue
            db.session.execute(
                sa.update(table)
                .where(table.c.id == row_id)
                .values(
                    {column.name: sa.type_coerce(new.encrypt(plain).decode(), sa.Text)}
                )
            )
            changed += 1
            per_company[company_id] = per_company.get(company_id, 0) + 1
    if unreadable:
        db.session.rollback()
        raise click.ClickException(
            f"{unreadable} stored secret(s) could not be read with the old key; "
            "nothing was changed. Check the old key."
        )
    changes.key_rotated(per_company)
    db.session.commit()
    click.echo(f"Re-encrypted {changed} secret(s); {current} already used the new key.")
