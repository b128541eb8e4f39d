"""Rules shared by documents and payments: lock dates."""

from datetime import date


def lock_date_error(lookups, iso):
    """Xero's message for a date on or before a lock date, or None."""
    period, year_end = lookups.lock_dates()
    day = date.fromisoformat(iso)
    if period and day <= date.fromisoformat(period):
        return (
            "The document date cannot be before the period lock date, currently "
            f"set at {date.fromisoformat(period):%d-%b-%Y}"
        )
    if year_end and day <= date.fromisoformat(year_end):
        return (
            "The document date cannot be before the end of year lock date, "
            f"currently set at {date.fromisoformat(year_end):%d-%b-%Y}"
        )
    return None
