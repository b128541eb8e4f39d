"""The screenshot index a reviewer opens: order, outcomes, escaping, relative links."""

from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from tests.e2e.artifacts import ScreenshotIndex, final_caption, summary


class Links(HTMLParser):
    """Every href and src in a page, in order."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [value for name, value in attrs if name in ("href", "src")]


def saved(folder, filename):
    (folder / filename).write_bytes(b"\x89PNG\r\n\x1a\n")
    return filename


def test_the_index_lists_journeys_and_steps_in_run_order(tmp_path):
    index = ScreenshotIndex(tmp_path)
    sync = index.begin("test_sync[xero]", "An admin syncs & retries.")
    sync.add(saved(tmp_path, "sync-xero-01-consent.png"), "The consent page.")
    sync.add(saved(tmp_path, "sync-xero-02-modal.png"), "The modal lists LB-BAD.")
    sync.finish("passed")
    invoice = index.begin("test_invoice", "A user pays an invoice.")
    invoice.add(saved(tmp_path, "test_invoice-final.png"), "The invoice is Paid.")
    invoice.finish("failed")

    page = (tmp_path / "index.html").read_text()
    order = [
        "test_sync[xero]",
        "passed",
        "An admin syncs &amp; retries.",
        "Step 1.",
        "The consent page.",
        "Step 2.",
        "The modal lists LB-BAD.",
        "test_invoice",
        "failed",
        "Step 1.",
        "The invoice is Paid.",
    ]
    at = 0
    for text in order:
        at = page.index(text, at) + len(text)
    assert "Journeys: 2 (1 passed, 1 failed)" in page
    assert "<script" not in page  # readable with JavaScript off


def test_captions_and_names_are_escaped(tmp_path):
    index = ScreenshotIndex(tmp_path)
    journey = index.begin("test_x[<b>]", 'Says "hi" & <script>alert(1)</script>')
    journey.add(saved(tmp_path, "x-01-a.png"), "<img src=x onerror=alert(1)> & 'q'")

    page = (tmp_path / "index.html").read_text()
    assert "<script>" not in page and "<b>" not in page
    assert "<img src=x" not in page
    assert "Says &quot;hi&quot; &amp; &lt;script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#x27;q&#x27;" in page


def test_links_are_relative_and_point_at_the_saved_files(tmp_path):
    index = ScreenshotIndex(tmp_path)
    journey = index.begin("test_connect[quick books]")
    journey.add(saved(tmp_path, "test_connect[quick books]-final.png"), "Connected.")
    journey.add(saved(tmp_path, "journey-02-a&b.png"), "Both.")

    links = Links()
    links.feed((tmp_path / "index.html").read_text())
    assert len(links.found) == 4  # a link and an image for each step
    for link in links.found:
        parts = urlsplit(link)
        assert not parts.scheme and not parts.netloc and not link.startswith("/")
        assert (tmp_path / unquote(parts.path)).is_file()
    assert sorted(set(map(unquote, links.found))) == [
        "journey-02-a&b.png",
        "test_connect[quick books]-final.png",
    ]


def test_an_unfinished_journey_is_listed_as_such(tmp_path):
    index = ScreenshotIndex(tmp_path)
    journey = index.begin("test_interrupted")
    journey.add(saved(tmp_path, "interrupted-01-start.png"), "It began.")

    page = (tmp_path / "index.html").read_text()
    assert "unfinished" in page and "It began." in page


def test_clearing_removes_only_an_older_runs_screenshots_and_index(tmp_path):
    old = [
        "sync-journey-xero-01-consent.png",
        "test_invoice[x]-final.png",
        "index.html",
        "index.html.part",
    ]
    kept = ["notes.txt", "diagram.png", "coverage.xml"]
    for name in old + kept:
        (tmp_path / name).write_text("")

    ScreenshotIndex(tmp_path).clear()

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)


def test_the_summary_is_the_docstrings_first_line():
    def one_line():
        """Does one thing."""

    def wrapped():
        """Does one thing
        over two lines.

        More detail."""

    assert summary(one_line) == "Does one thing."
    assert summary(wrapped) == "Does one thing over two lines."
    assert summary(lambda: None) == ""


def test_a_failed_tests_final_shot_does_not_claim_its_summary():
    assert final_caption("The invoice shows Paid.", "passed") == (
        "The invoice shows Paid."
    )
    assert final_caption("The invoice shows Paid.", "failed") == (
        "Where the test stopped (failed)."
    )


def test_a_summary_said_by_the_only_step_is_not_repeated(tmp_path):
    index = ScreenshotIndex(tmp_path)
    journey = index.begin("test_pay", "The invoice shows Paid.")
    journey.add(saved(tmp_path, "test_pay-final.png"), "The invoice shows Paid.")

    assert (tmp_path / "index.html").read_text().count("The invoice shows Paid.") == 2
