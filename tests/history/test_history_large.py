"""A run with thousands of failures opens quickly: the first ones, then a count."""

from app.extensions import db
from app.models import SyncItem
from tests.factories import make_sync_run


def test_a_run_with_many_failures_shows_the_first_hundred_and_counts_the_rest(
    client, auth, company
):
    run = make_sync_run(company)
    db.session.add_all(
        SyncItem(
            run_id=run.id, kind="invoice", local_id=n, label=f"INV-{n:05d}",
            action="skipped", status=SyncItem.FAILED, error_code="no_lines",
        )
        for n in range(1, 151)
    )  # fmt: skip
    run.failed = 150
    db.session.commit()
    auth.login()
    page = client.get(f"/settings/history/{run.id}").get_data(as_text=True)
    assert "Failed (150)" in page
    assert "INV-00100" in page and "INV-00101" not in page
    assert "and 50 more failed" in page
