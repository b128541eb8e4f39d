"""The one HTTP path to a provider: timeouts, limits, retries, tokens, error codes."""

import logging
import time
import uuid
from email.utils import parsedate_to_datetime

import requests

from app.providers.base import ProviderError
from app.providers.clean import text
from app.providers.pacing import DayBudget, Pacer

log = logging.getLogger("ledgerbridge.providers")

RETRYABLE = {500, 502, 503, 504}
STATUS_CODES = {
    400: "validation",
    401: "token_expired",
    403: "auth_revoked",
    404: "not_found",
    429: "rate_limited",
}
LIMIT_HEADERS = (
    "X-MinLimit-Remaining",
    "X-DayLimit-Remaining",
    "X-AppMinLimit-Remaining",
)


def new_key():
    """An idempotency key: 36 characters fits Xero (128) and a QBO batch (36)."""
    return str(uuid.uuid4())


def retry_after_seconds(response):
    """Retry-After in seconds (delta or HTTP date), or None when absent."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


class ProviderHttp:
    """A requests session for one connection, speaking one provider's conventions.

    idempotency is "header" (Xero's Idempotency-Key) or "param" (QBO's requestid);
    describe(response) turns a failed reply into (code, message) for that provider;
    minute_limit is the provider class's, unless the settings name another.
    """

    def __init__(
        self,
        settings,
        tokens,
        *,
        request_id_header,
        idempotency,
        describe=None,
        minute_limit=0,
        headers=None,
        session=None,
        sleep=time.sleep,
    ):
        self.settings = settings
        self.tokens = tokens
        self.request_id_header = request_id_header
        self.idempotency = idempotency
        self.describe = describe
        self.headers = dict(headers or {})
        self.session = session or requests.Session()
        self.sleep = sleep
        self.limits = {}
        limit = settings.minute_limit or minute_limit
        self.pacer = Pacer(limit, settings.window_seconds, sleep)
        self.day = DayBudget(settings.name, settings.window_seconds)

    def request(
        self, method, url, *, params=None, json=None, data=None, headers=None,
        write=None, key=None, weight=1,
    ):  # fmt: skip
        """The 2xx response, or ProviderError after the retries the call allows.

        A write is retried after a 5xx or a lost connection only with an
        idempotency key, so the provider can recognise the second attempt: key
        None makes one per call (reused on every retry), False sends none.
        """
        write = method.upper() != "GET" if write is None else write
        if write and key is None:
            key = new_key()
        params = dict(params or {})
        extra = dict(headers or {})
        if write and key:
            if self.idempotency == "header":
                extra["Idempotency-Key"] = key
            else:
                params["requestid"] = key
        safe = not write or bool(key)
        refreshes = 0
        attempt = throttled = 0
        token = self.tokens.access_token()
        while True:
            attempt += 1
            last = attempt >= self.settings.max_attempts
            self.day.check()
            self.pacer.wait(weight)
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    json=json,
                    data=data,
                    headers={
                        **self.headers,
                        "Authorization": f"Bearer {token}",
                        **extra,
                    },
                    timeout=self.settings.timeout,
                )
            except requests.Timeout as error:
                log.warning("%s %s timed out (attempt %s)", method, url, attempt)
                if safe and not last:
                    self.pause(attempt)
                    continue
                raise ProviderError("timeout", str(error)) from error
            except requests.ConnectionError as error:
                log.warning(
                    "%s %s connection failed (attempt %s)", method, url, attempt
                )
                if safe and not last:
                    self.pause(attempt)
                    continue
                raise ProviderError("unavailable", str(error)) from error
            request_id = self.note(method, url, response)
            status = response.status_code
            if status < 400:
                return response
            # A token can lapse again while a call sits out retries: refresh twice
            # at most, then say so (the connection itself may still be fine).
            if status == 401 and refreshes < 2:
                refreshes += 1
                attempt -= 1  # a refresh is not a failed try
                token = self.tokens.refresh_after_rejection()
                continue
            if status == 429:
                # A throttle is not a failed try: sit out the window, a few times.
                attempt -= 1
                throttled += 1
                wait = retry_after_seconds(response)
                if wait is None:
                    wait = self.day.throttle_wait(
                        response.headers, self.settings.throttle_wait
                    )
                if (
                    wait > self.settings.max_retry_wait
                    or throttled > self.settings.max_throttle_waits
                ):
                    raise self.error(response, request_id, retry_after=wait)
                log.info("throttled by %s; waiting %.1fs", self.settings.name, wait)
                self.sleep(wait)
                self.day.forget()
                continue
            if status in RETRYABLE and safe and not last:
                self.pause(attempt)
                continue
            raise self.error(response, request_id)

    def pause(self, attempt):
        self.sleep(self.settings.backoff * 2 ** (attempt - 1))

    def note(self, method, url, response):
        """Log the provider's request id and the rate-limit headers; return the id."""
        request_id = response.headers.get(self.request_id_header)
        self.day.told(response.headers)
        for name in LIMIT_HEADERS:
            if name in response.headers:
                self.limits[name] = response.headers[name]
        log.info(
            "%s %s -> %s request_id=%s %s",
            method,
            url,
            response.status_code,
            request_id,
            " ".join(f"{k}={v}" for k, v in self.limits.items()),
        )
        return request_id

    def error(self, response, request_id, retry_after=None):
        code, message = STATUS_CODES.get(response.status_code, "unknown"), ""
        if response.status_code in RETRYABLE:
            code = "unavailable"
        if self.describe is not None:
            code, message, found_id = self.describe(response, code)
            request_id = request_id or found_id
        # Their words go into the history: storable text only (say a NUL in a name).
        message = text(str(message or ""))
        request_id = text(str(request_id))[:100] if request_id else None
        log.warning(
            "%s answered %s (%s) request_id=%s: %s",
            self.settings.name,
            response.status_code,
            code,
            request_id,
            message,
        )
        return ProviderError(
            code,
            message or response.reason or "",
            request_id=request_id,
            retry_after=retry_after,
            status=response.status_code,
        )
