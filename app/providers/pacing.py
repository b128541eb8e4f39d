"""Pacing a connection under the provider's limits: the minute by our own count,
the day by what the provider says is left (Xero's X-DayLimit-Remaining)."""

import logging
import time
from collections import deque

from app.providers.base import ProviderError

log = logging.getLogger("ledgerbridge.providers")

DAY_HEADER = "X-DayLimit-Remaining"
PROBLEM_HEADER = "X-Rate-Limit-Problem"  # "day" on a 429 for the day limit
# Calls kept back from the day budget, so what comes next (the person's reconnect,
# the next run's preflight, another process on the same tenant) is not the 429.
DAY_RESERVE = 10
# No answer says when Xero's day window turns over; look again after an hour.
DAY_WAIT_WINDOWS = 60


class Pacer:
    """Keeps calls (weighted: QBO counts each batch item) under a per-window limit."""

    def __init__(self, limit, window, sleep, clock=time.monotonic):
        self.limit, self.window, self.sleep, self.clock = limit, window, sleep, clock
        self.sent = deque()  # (when, weight)
        self.used = 0

    def wait(self, weight=1):
        if not self.limit:
            return
        while True:
            now = self.clock()
            while self.sent and self.sent[0][0] <= now - self.window:
                self.used -= self.sent.popleft()[1]
            if not self.sent or self.used + weight <= self.limit:
                break
            pause = self.sent[0][0] + self.window - now
            log.info("pacing under the minute limit; waiting %.1fs", pause)
            self.sleep(pause)
        self.sent.append((self.clock(), weight))
        self.used += weight


class DayBudget:
    """Stops before a call once the provider's own count of today's calls left is
    down to the reserve: the day's limit depends on the app's tier (Xero Starter
    1,000, higher tiers 5,000), so only the count the provider sends is trusted."""

    def __init__(self, provider, window_seconds, reserve=DAY_RESERVE):
        self.provider, self.reserve = provider, reserve
        self.wait_seconds = DAY_WAIT_WINDOWS * window_seconds
        self.remaining = None  # unknown until an answer says

    def told(self, headers):
        value = headers.get(DAY_HEADER)
        try:
            self.remaining = int(value) if value is not None else self.remaining
        except ValueError:
            log.warning("%s sent %s=%r", self.provider, DAY_HEADER, value)

    def throttle_wait(self, headers, otherwise):
        """The wait for a 429 that sent no Retry-After: an hour for the day limit
        (retrying within the window would only 429 again), else `otherwise`."""
        problem = (headers.get(PROBLEM_HEADER) or "").strip().lower()
        return self.wait_seconds if problem == "day" else otherwise

    def forget(self):
        """A Retry-After was sat out: the count told before it may be yesterday's."""
        self.remaining = None

    def check(self, weight=1):
        if self.remaining is None or self.remaining - weight >= self.reserve:
            return
        log.warning(
            "%s day limit nearly spent (%s calls left, %s kept back); stopping",
            self.provider,
            self.remaining,
            self.reserve,
        )
        raise ProviderError(
            "rate_limited",
            f"{self.provider.capitalize()} says {self.remaining} calls are left "
            f"today for this organisation; LedgerBridge keeps the last "
            f"{self.reserve} back and stops until the daily limit lifts.",
            retry_after=self.wait_seconds,
            status=429,
        )
