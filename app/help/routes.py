"""Help pages: the sync errors FAQ, one section per catalogue entry."""

import re

from flask import Blueprint, render_template, request

from app.providers.registry import PROVIDER_NAMES, packages_giving
from app.sync import catalogue

bp = Blueprint("help", __name__, url_prefix="/help")

HANDLING = {
    "transient": "We retry this automatically",
    "auth": "Needs reconnecting",
    "person": "Needs someone to fix it",
}


def steps(fix):
    """A fix written as "1. ... 2. ..." as its steps; any other fix as one step."""
    if not fix.startswith("1. "):
        return [fix]
    return [step for step in re.split(r"(?:^|\s)\d\.\s+", fix) if step]


@bp.route("/sync-errors")
def sync_errors():
    """Every sync error: why it happens and how to fix it, optionally per package."""
    provider = request.args.get("provider", "")
    if provider not in PROVIDER_NAMES:
        provider = None  # an unknown filter shows everything rather than failing
    sections = []
    for heading, entries in catalogue.SECTIONS:
        shown = [
            e
            for e in entries
            if provider is None or provider in packages_giving(e.code)
        ]
        if shown:
            sections.append((heading, shown))
    return render_template(
        "help/sync_errors.html",
        sections=sections,
        provider=provider,
        provider_names=PROVIDER_NAMES,
        packages_giving=packages_giving,
        handling=HANDLING,
        steps=steps,
    )
