"""The browser journeys' screenshots, and test-artifacts/index.html that lists them
in run order with each journey's outcome and a caption for every step."""

import html
import inspect
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest

# TEST_ARTIFACTS: another folder, so two suites run at once (CI) keep apart.
ARTIFACTS = Path(
    os.environ.get("TEST_ARTIFACTS")
    or Path(__file__).resolve().parents[2] / "test-artifacts"
)
INDEX = "index.html"
# Only what the journeys write: Steps' `<journey>-NN-<label>.png` and the page
# fixtures' `<test name>-final.png`. Anything else in the folder is left alone.
SCREENSHOTS = ("*-[0-9][0-9]-*.png", "test_*-final.png")
REPORTS = pytest.StashKey[dict]()

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem;
       padding: 0 1rem; color: #1f2933; }
section { border-top: 1px solid #d0d7de; margin-top: 2rem; }
.outcome { font-size: .8rem; padding: .1rem .5rem; border-radius: 1rem; }
.passed { background: #dcfce7; } .failed, .error { background: #fee2e2; }
.skipped, .unfinished { background: #fef9c3; }
ol.steps { list-style: none; padding: 0; }
ol.steps li { margin: 1.25rem 0; }
ol.steps img { display: block; width: 40rem; max-width: 100%; height: auto;
               max-height: 48rem; object-fit: cover; object-position: top;
               border: 1px solid #d0d7de; margin-top: .4rem; }
"""


@dataclass
class Step:
    number: int
    filename: str
    caption: str


@dataclass
class Journey:
    """One test's screenshots, in order; the index is rewritten as each is added."""

    index: "ScreenshotIndex"
    name: str
    summary: str
    outcome: str = "unfinished"
    steps: list[Step] = field(default_factory=list)

    def add(self, filename, caption):
        """List a screenshot already saved in the index's folder."""
        self.steps.append(Step(len(self.steps) + 1, filename, caption))
        self.index.write()

    def screenshot(self, page, filename, caption):
        page.screenshot(path=str(self.index.folder / filename), full_page=True)
        self.add(filename, caption)

    def finish(self, outcome):
        self.outcome = outcome
        self.index.write()


class ScreenshotIndex:
    """This session's journeys in the order they ran, written to index.html."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.journeys = []
        self.started = datetime.now(UTC)

    def clear(self):
        """Remove an older run's screenshots and index, so none is listed again."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for pattern in SCREENSHOTS:
            for path in self.folder.glob(pattern):
                path.unlink()
        for name in (INDEX, f"{INDEX}.part"):
            (self.folder / name).unlink(missing_ok=True)

    def begin(self, name, summary=""):
        journey = Journey(self, name, summary)
        self.journeys.append(journey)
        self.write()
        return journey

    def write(self):
        # Written whole then renamed: a browser reloading mid-run never sees half.
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f"{INDEX}.part"
        partial.write_text(self.render(), encoding="utf-8")
        os.replace(partial, self.folder / INDEX)

    def render(self):
        esc = html.escape
        tally = {}
        for journey in self.journeys:
            tally[journey.outcome] = tally.get(journey.outcome, 0) + 1
        counts = ", ".join(f"{n} {outcome}" for outcome, n in tally.items())
        counts = f" ({counts})" if counts else ""
        parts = [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            "<title>LedgerBridge browser journeys</title>",
            f"<style>{STYLE}</style></head><body>",
            "<h1>LedgerBridge browser journeys</h1>",
            f"<p>Run started {self.started:%Y-%m-%d %H:%M} UTC. "
            f"Journeys: {len(self.journeys)}{esc(counts)}. "
            "Click a screenshot for the full page.</p>",
        ]
        for number, journey in enumerate(self.journeys, 1):
            parts += [
                f'<section id="journey-{number}">',
                f"<h2>{number}. <code>{esc(journey.name)}</code> "
                f'<span class="outcome {esc(journey.outcome)}">'
                f"{esc(journey.outcome)}</span></h2>",
                f"<p>{esc(journey.summary)}</p>" if shows_summary(journey) else "",
                '<ol class="steps">',
            ]
            for step in journey.steps:
                href = esc(quote(step.filename))
                parts.append(
                    f"<li><strong>Step {step.number}.</strong> {esc(step.caption)}"
                    f'<a href="{href}"><img src="{href}" alt="{esc(step.caption)}"'
                    ' loading="lazy"></a></li>'
                )
            parts += ["</ol>", "</section>"]
        parts.append("</body></html>\n")
        return "\n".join(part for part in parts if part)


def final_caption(summary, outcome):
    """The test's summary, unless it never got there: a failed one stopped short."""
    if outcome == "passed":
        return summary or "Where the test ended."
    return f"Where the test stopped ({outcome})."


def shows_summary(journey):
    # A final screenshot's caption is often the summary itself: say it once.
    captions = {step.caption for step in journey.steps}
    return bool(journey.summary) and journey.summary not in captions


def summary(function):
    """A test's docstring summary (its first line, or paragraph if wrapped)."""
    doc = inspect.getdoc(function) or ""
    return " ".join(doc.split("\n\n")[0].split())


def keep_report(item, report):
    item.stash.setdefault(REPORTS, {})[report.when] = report


def outcome(item):
    """passed, failed or skipped by the test's call; error when its setup failed."""
    reports = item.stash.get(REPORTS, {})
    if "call" in reports:
        return reports["call"].outcome
    setup = reports.get("setup")
    if setup is None:
        return "unfinished"
    return "error" if setup.failed else setup.outcome


class Steps:
    """Numbered, captioned screenshots of one journey: `<prefix>-NN-<label>.png`."""

    def __init__(self, page, journey, prefix):
        self.page, self.journey, self.prefix = page, journey, prefix

    def shot(self, label, caption):
        number = len(self.journey.steps) + 1
        filename = f"{self.prefix}-{number:02d}-{label}.png"
        self.journey.screenshot(self.page, filename, caption)
