"""The background export: a plain function of an id, run by the RQ worker."""

import logging

from app.exports import services, writer
from app.extensions import db
from app.models import Export

log = logging.getLogger("ledgerbridge.exports")


def run_export(export_id):
    """Write a large export to its file, recording progress, then notify."""
    export = db.session.get(Export, export_id)
    if export is None or export.status != Export.QUEUED:
        log.warning("Export %s: not queued, nothing to do", export_id)
        return
    export.status = Export.RUNNING
    db.session.commit()
    try:
        for _chunk in writer.generate(export, progress=save_progress):
            pass  # the file is written as the chunks are made; nobody reads them here
    except Exception:
        db.session.rollback()
        export = db.session.get(Export, export_id)
        services.fail(export, "The export stopped with an error; try again.")
        services.notify(export)
        raise  # RQ records the crash; the row already says what happened
    services.finish(export)
    services.notify(export)


def save_progress(export):
    """Commit rows_done once a page, so the progress bar moves."""
    db.session.commit()
