"""QuickBooks Online Accounting API v3 client (PART B of provider-apis.md)."""

from app.providers.base import (
    AccountsProvider,
    ProviderError,
    PushResult,
    chunks,
    content_key,
)
from app.providers.bodies import dumps
from app.providers.clean import json_object
from app.providers.http import ProviderHttp
from app.providers.quickbooks import faults, wire
from app.providers.quickbooks.connect import QuickBooksConnect
from app.providers.quickbooks.reads import QuickBooksReads
from app.providers.quickbooks.writes import ITEM_CODES, QuickBooksWrites


class QuickBooksProvider(
    QuickBooksReads, QuickBooksWrites, QuickBooksConnect, AccountsProvider
):
    """One QuickBooks company (realm), reached with the connection's tokens."""

    name = "quickbooks"
    label = "QuickBooks Online"
    batch_size = 30  # Intuit's batch limit
    # Requests a realm a minute, each batch item counted (provider-apis.md B8).
    minute_limit = 500
    any_faults, sign_in_faults = faults.ANY, faults.SIGN_IN
    record_faults, also_reports = faults.RECORD, faults.ALSO

    def __init__(self, settings, realm_id, tokens, session=None):
        self.settings = settings
        self.realm_id = str(realm_id)
        self.http = ProviderHttp(
            settings,
            tokens,
            request_id_header="intuit_tid",
            idempotency="param",
            describe=wire.describe,
            minute_limit=self.minute_limit,
            headers={"Accept": "application/json"},
            session=session,
        )
        self.items = {}  # nominal code -> service item Id, made on first use
        self.accounts = {}  # AcctNum -> Account Id
        self.chart_read = False  # the whole chart is in self.accounts
        self.skipped_accounts = []

    def call(self, method, path, *, params=None, body=None, weight=1):
        params = {**(params or {}), "minorversion": wire.MINOR_VERSION}
        headers, data, key = {}, None, None
        if body is not None:
            data = dumps(body)
            headers["Content-Type"] = "application/json"
            key = content_key(method, f"{self.realm_id}/{path}", data)
        reply = self.http.request(
            method,
            f"{self.settings.api_base}/{self.realm_id}/{path}",
            params=params,
            data=data,
            headers=headers,
            key=key,
            weight=weight,  # QBO counts each batch item against its minute limit
        )
        return json_object(reply, "QuickBooks")

    def batch(self, entity, records, to_item, web=None):
        """PushResults in input order, 30 records per batch call."""
        results = []
        for group in chunks(records, self.batch_size):
            request = []
            for number, record in enumerate(group):
                operation, body, *options = to_item(record)
                item = {"bId": str(number), "operation": operation, entity: body}
                if options:  # "void": an update that voids (Intuit's batch form)
                    item["optionsData"] = options[0]
                request.append(item)
            try:
                # ProviderHttp adds the requestid that makes a retried batch safe.
                reply = self.call(
                    "POST",
                    "batch",
                    body={"BatchItemRequest": request},
                    weight=len(request),
                )
            except ProviderError as error:
                if error.code not in ITEM_CODES:
                    raise
                results += [PushResult.failed(r.local_id, error) for r in group]
                continue
            answers = {a.get("bId"): a for a in reply.get("BatchItemResponse", [])}
            for number, record in enumerate(group):
                answer = answers.get(str(number), {})
                if "Fault" in answer or entity not in answer:
                    error = wire.fault_error(answer.get("Fault") or {}, 200)
                    results.append(PushResult.failed(record.local_id, error))
                    continue
                remote_id = answer[entity]["Id"]
                results.append(
                    PushResult(
                        record.local_id,
                        remote_id,
                        True,
                        url=self.web_url(web, remote_id),
                    )
                )
        return results

    def web_url(self, web, remote_id):
        """A link into the package's own screens, where the settings have them."""
        if not web or not remote_id or not self.settings.web_url:
            return None
        return f"{self.settings.web_url}/{web}{remote_id}"
