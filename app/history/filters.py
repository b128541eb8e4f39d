"""The filters of Sync History (and the audit trail's dates), read from the query
string: what was understood, and a message for each value that was not."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from app.models.sync import SyncRun
from app.providers.registry import PROVIDER_NAMES


@dataclass
class Filters:
    """The list's filters as understood, and a message for each value we ignored."""

    status: str = ""
    provider: str = ""
    date_from: date | None = None
    date_to: date | None = None
    problems: list = field(default_factory=list)

    def any(self):
        return bool(self.status or self.provider or self.date_from or self.date_to)


def uk(day):
    return day.strftime("%d/%m/%Y") if day else ""


def parse_date(text):
    """A UK (dd/mm/yyyy) or ISO (yyyy-mm-dd) date, or None."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        # Years near 1 or 9999 overflow when turned into UTC times.
        return day if 1900 <= day.year <= 2999 else None
    return None


def read_filters(args):
    """Filters from the query string; bad values are dropped with a message."""
    found = Filters()
    read_choice(args, found, "status", SyncRun.STATUS_LABELS, "a run status")
    read_choice(args, found, "provider", PROVIDER_NAMES, "an accounts package")
    return read_dates(args, found)


def read_choice(args, found, name, allowed, what):
    """Set found.<name> from ?<name>= when it is one of allowed, else say why not."""
    value = args.get(name, "").strip()
    if value in allowed:
        setattr(found, name, value)
    elif value:
        found.problems.append(f"“{value[:40]}” is not {what}, so it was ignored.")


def read_dates(args, found):
    """Fill found.date_from/date_to from ?date_from= and ?date_to=, noting in
    found.problems what was not understood; the filters of Sync History and the
    audit trail read dates alike."""
    for name, label in (("date_from", "From"), ("date_to", "To")):
        text = args.get(name, "").strip()
        if not text:
            continue
        value = parse_date(text)
        if value is None:
            found.problems.append(
                f"{label} date “{text[:40]}” was not understood, so it was ignored. "
                "Use a date like 31/01/2025."
            )
        setattr(found, name, value)
    if found.date_from and found.date_to and found.date_from > found.date_to:
        found.problems.append("The From date is after the To date, so none can match.")
    return found


def utc_midnight(day):
    """The start of a local day, in UTC, as the database stores times."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)
