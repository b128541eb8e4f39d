"""QuickBooks Online wire formats: times, the Fault envelopes and their messages."""

import json
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Response, g

# QBO stamps times in the Pacific zone, whatever the company's country.
PACIFIC = ZoneInfo("America/Los_Angeles")

NOT_FOUND_DETAIL = (
    "Object Not Found : Something you're trying to use has been made inactive. "
    "Check the fields with accounts, customers, items, vendors or employees."
)
INVALID_REF_DETAIL = (
    "Invalid Reference Id : Something you're trying to use has been made inactive. "
    "Check the fields with accounts, customers, items, vendors or employees."
)
STALE_DETAIL = (
    "Stale Object Error : You and {user} were working on this at the same time. "
    "{user} finished before you did, so your work was not saved."
)
DUPLICATE_DOC_DETAIL = (
    "Duplicate Document Number Error : You must specify a different number. "
    "This number has already been used. DocNumber={number} is assigned to "
    "TxnType={txn_type} with TxnId={txn_id}"
)
DUPLICATE_NAME_DETAIL = (
    "The name supplied already exists. : Another customer, vendor or employee "
    "is already using this name."
)
PERIOD_CLOSED_DETAIL = (
    "The account period has closed and the account books cannot be updated "
    "through the QBO Services API. Please use the QBO website to make these changes."
)
BUSINESS_MESSAGE = (
    "A business validation error has occurred while processing your request"
)
SANDBOX_USER = "Sandbox Admin"

# Display names QBO uses for TxnType in 6140 details.
TXN_TYPE_LABELS = {"Invoice": "Invoice", "CreditMemo": "Credit Memo"}


class QboError(Exception):
    """A service fault: becomes a ValidationFault body (or a batch item Fault)."""

    def __init__(self, code, message, detail, element="", status=400):
        super().__init__(detail)
        self.code = str(code)
        self.message = message
        self.detail = detail
        self.element = element
        self.status = status
        self.fault_type = "ValidationFault"

    def fault(self):
        return {
            "Error": [
                {
                    "Message": self.message,
                    "Detail": self.detail,
                    "code": self.code,
                    "element": self.element,
                }
            ],
            "type": self.fault_type,
        }


def not_found(element=""):
    return QboError(610, "Object Not Found", NOT_FOUND_DETAIL, element)


def invalid_reference(element):
    return QboError(2500, "Invalid Reference Id", INVALID_REF_DETAIL, element)


def required(name):
    return QboError(
        2020,
        "Required param missing, need to supply the required value for the API",
        f"Required parameter {name} is missing in the request",
        name,
    )


def business(reason, element=""):
    return QboError(
        6000, BUSINESS_MESSAGE, f"Business Validation Error: {reason}", element
    )


def stale():
    return QboError(
        5010, "Stale Object Error", STALE_DETAIL.format(user=SANDBOX_USER), ""
    )


def duplicate_doc(number, kind, txn_id):
    detail = DUPLICATE_DOC_DETAIL.format(
        number=number, txn_type=TXN_TYPE_LABELS.get(kind, kind), txn_id=txn_id
    )
    return QboError(6140, "Duplicate Document Number Error", detail, "")


def period_closed():
    return QboError(6210, "Account Period Closed", PERIOD_CLOSED_DETAIL, "")


def unsupported(detail):
    return QboError(500, "Unsupported Operation", detail, "")


def unknown_property(name, kind):
    return QboError(
        2010,
        "Request has invalid or unsupported property",
        f'Property Name:Unrecognized field "{name}" '
        f"(class com.intuit.schema.finance.v3.{kind}), not marked as ignorable "
        "specified is unsupported or invalid",
        name,
    )


def qbo_time(moment=None, millis=False):
    """An ISO timestamp with the Pacific offset, as QBO writes them."""
    moment = (moment or datetime.now(UTC)).astimezone(PACIFIC)
    if millis:
        return moment.isoformat(timespec="milliseconds")
    return moment.isoformat(timespec="seconds")


def new_tid():
    """An intuit_tid: the id support asks for, one per reply."""
    return f"1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:24]}"


def json_reply(payload, status=200):
    """A JSON reply with the top-level time stamp QBO adds."""
    payload = {**payload, "time": qbo_time(millis=True)}
    return Response(json.dumps(payload), status=status, mimetype="application/json")


def fault_reply(error):
    return json_reply({"Fault": error.fault()}, error.status)


def gateway_fault(status, code, message_name, detail, fault_type):
    """The gateway's lowercase envelope for 401/403 (not the service Fault)."""
    body = {
        "warnings": None,
        "intuitObject": None,
        "fault": {
            "error": [
                {
                    "message": f"message={message_name}; errorCode=00{code}; "
                    f"statusCode={status}",
                    "detail": detail,
                    "code": str(code),
                    "element": None,
                }
            ],
            "type": fault_type,
        },
        "report": None,
        "queryResponse": None,
        "batchItemResponse": [],
        "attachableResponse": [],
        "syncErrorResponse": None,
        "requestId": g.get("sandbox_request_id") or None,
        "time": int(datetime.now(UTC).timestamp() * 1000),
        "status": None,
        "cdcresponse": [],
    }
    return Response(json.dumps(body), status=status, mimetype="application/json")


def unauthorized(detail="Token expired"):
    return gateway_fault(401, 3200, "AuthenticationFailed", detail, "AUTHENTICATION")


def forbidden():
    return gateway_fault(
        403, 3100, "AuthorizationFailed", "Authorization Failure", "SERVICE"
    )


def throttled():
    """429 as QBO sends it: XML even when JSON was asked for."""
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" '
        f'time="{qbo_time(millis=True)}"><Fault type="SERVICE"><Error code="3001">'
        "<Message>message=ThrottleExceeded; errorCode=003001; statusCode=429"
        "</Message><Detail>The request limit was reached.  Try again later</Detail>"
        "</Error></Fault></IntuitResponse>"
    )
    return Response(body, status=429, mimetype="application/xml")


def system_fault(status):
    """A 500/503 from the service, for injected errors."""
    error = QboError(
        10000,
        "An application error has occurred while processing your request",
        "System Failure Error: An unexpected error occurred while accessing or "
        "saving your data. Please wait a few minutes and try again.",
        status=status,
    )
    error.fault_type = "SystemFault"
    return fault_reply(error)
