"""Encryption at rest for secrets: Fernet, keyed by ENCRYPTION_KEY or SECRET_KEY."""

import base64
import os

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_SALT = b"ledgerbridge-encryption-v1"


def fernet():
    """The Fernet for this install: ENCRYPTION_KEY when set, else one derived."""
    key = current_app.config.get("ENCRYPTION_KEY") or os.environ.get("ENCRYPTION_KEY")
    if key:
        return Fernet(key.encode() if isinstance(key, str) else key)
    # A derived key keeps a demo working with no extra setting; changing
    # SECRET_KEY then means reconnecting, which the page explains.
    return derived_fernet(current_app.config["SECRET_KEY"])


def check_key(app):
    """Refuse to start with an ENCRYPTION_KEY Fernet cannot use: better than a 500
    on the first page that reads a secret."""
    key = app.config.get("ENCRYPTION_KEY")
    if not key:
        return
    try:
        Fernet(key.encode() if isinstance(key, str) else key)
    except (ValueError, TypeError):
        raise RuntimeError(
            "ENCRYPTION_KEY is not a valid Fernet key. Generate one with: "
            "python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from None


def encrypt(value):
    return fernet().encrypt(value.encode()).decode()


def decrypt(value):
    """The plain text, or None when the key changed and the value is unreadable."""
    try:
        return fernet().decrypt(value.encode()).decode()
    except InvalidToken:
        return None


class EncryptedText(sa.TypeDecorator):
    """A text column stored as a Fernet token; Python code only sees plain text."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt(value)


def derived_fernet(secret_key):
    """The Fernet an install without ENCRYPTION_KEY uses, from its SECRET_KEY."""
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=_SALT, info=b"fernet"
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypted_columns(metadata):
    """(table, column) for every EncryptedText column in the schema."""
    return [
        (table, column)
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, EncryptedText)
    ]
