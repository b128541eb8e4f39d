"""Xero Accounting API 2.0 client (PART A of provider-apis.md) on ProviderHttp."""

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
from app.providers.xero import faults, wire
from app.providers.xero.connect import XeroConnect
from app.providers.xero.reads import XeroReads
from app.providers.xero.writes import ITEM_CODES, XeroWrites


class XeroProvider(XeroReads, XeroWrites, XeroConnect, AccountsProvider):
    """One Xero organisation (tenant), reached with the connection's tokens."""

    name = "xero"
    label = "Xero"
    batch_size = 50  # Xero's advice: bundles of up to 50 elements
    minute_limit = 60  # calls a tenant a minute (provider-apis.md A4)
    sends_drafts = True
    any_faults, sign_in_faults = faults.ANY, faults.SIGN_IN
    record_faults, also_reports = faults.RECORD, faults.ALSO

    def __init__(self, settings, tenant_id, tokens, session=None):
        self.settings = settings
        self.tenant_id = tenant_id
        self.http = ProviderHttp(
            settings,
            tokens,
            request_id_header="Xero-Correlation-Id",
            idempotency="header",
            describe=wire.describe,
            minute_limit=self.minute_limit,
            headers={"Accept": "application/json", "xero-tenant-id": tenant_id},
            session=session,
        )
        self.skipped_accounts = []  # names of accounts without a Code

    def call(self, method, path, *, params=None, body=None):
        headers, data, key = {}, None, None
        if body is not None:
            data = dumps(body)
            headers["Content-Type"] = "application/json"
            key = content_key(method, path, data)
        reply = self.http.request(
            method,
            f"{self.settings.api_base}/{path}",
            params=params,
            data=data,
            headers=headers,
            key=key,
        )
        return json_object(reply, "Xero")

    def batch(self, method, collection, id_field, chosen, to_body, web=None):
        """(input place, PushResult) pairs, sending chosen in bundles of 50."""
        for bundle in chunks(chosen, self.batch_size):
            body = {collection: [to_body(item) for _place, item in bundle]}
            try:
                reply = self.call(
                    method,
                    collection,
                    params={"summarizeErrors": "false"},
                    body=body,
                )
            except ProviderError as error:
                if error.code not in ITEM_CODES:
                    raise
                for place, item in bundle:
                    yield place, PushResult.failed(item.local_id, error)
                continue
            elements = reply.get(collection) or []
            for number, (place, item) in enumerate(bundle):
                if number >= len(elements):
                    lost = ProviderError(
                        "unknown", "Xero did not answer for this record."
                    )
                    yield place, PushResult.failed(item.local_id, lost)
                    continue
                element = elements[number]
                error = wire.element_error(element)
                if error is not None:
                    yield place, PushResult.failed(item.local_id, error)
                    continue
                remote_id = element.get(id_field)
                yield (
                    place,
                    PushResult(
                        item.local_id, remote_id, True, url=self.web_url(web, remote_id)
                    ),
                )

    def web_url(self, web, remote_id):
        """A link into the package's own screens, where the settings have them."""
        if not web or not remote_id or not self.settings.web_url:
            return None
        return f"{self.settings.web_url}/{web}{remote_id}"
