"""Check-then-write as one step: a row lock on PostgreSQL, the write lock on SQLite."""

from app.extensions import db


def begin_write(session=None):
    """Make this unit of work a write transaction now, before its checks read.

    SQLite ignores FOR UPDATE, so there the database's one write lock is taken
    instead (BEGIN IMMEDIATE, waiting out busy_timeout while another writer
    finishes). pysqlite begins a transaction of its own only before a write, so
    ordinary reads stay outside any transaction and are never serialised; a
    transaction already begun has written, and so holds the write lock already.
    """
    connection = (session or db.session).connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_for_update(query, session=None):
    """`query` reading its rows afresh, locked until this transaction ends."""
    begin_write(session)
    # The rows may sit in the session already, read before the lock was held.
    return query.with_for_update().execution_options(populate_existing=True)
