"""QuickBooks Online's failures in the catalogue's codes: its Fault codes (our
wire appends them to the Detail as "(code 6210)") and their words
(provider-apis.md B6; domain-research.md's reported errors). First fit wins."""

from app.providers.faults import rules

# Tried whatever our code: a call to the wrong data centre is never the record.
ANY = rules(("wrong_cluster", r"wrong cluster|\(code 130\)"))

# A refused sign-in: code 3100/120 (AuthorizationFailed) is the person's
# permission or the subscription, not the token.
SIGN_IN = rules(
    ("authorization_failed", r"authorizationfailed|errorcode=003100|\(code (3100|"
     r"120)\)|authorization failure"),
)  # fmt: skip

RECORD = rules(
    ("period_locked", r"account period (has )?closed|\(code 6210\)"),
    ("plan_limit", r"invalid company status|\(code 6190\)"),
    ("tax_code_required", r"transactions have a [\w/]+ rate before you save"),
    ("tax_code_invalid", r"invalid line taxcode|\(code 6100\)"),
    ("account_type_invalid", r"invalid account type|\(code 6430\)"),
    ("account_code_invalid", r"has no account numbered"),
    ("duplicate_item_name", r"another (product or service|account) is already"),
    ("duplicate_contact_name", r"name supplied already exists|duplicate name "
     r"exists|\(code 6240\)"),
    ("contact_name_missing", r"parameter displayname is missing"),
    ("contact_details_invalid", r"invalid email"),
    ("duplicate_document_number", r"duplicate document number|\(code 6140\)"),
    ("document_locked", r"deposited transaction|has payments or credits applied|"
     r"less than the payments and credits|\(code 6540\)"),
    ("total_mismatch", r"amount is not equal to|amount calculation incorrect|"
     r"\(code 6070\)|credits applied can't be more|less than the amount applied"),
    ("invalid_amount", r"must be greater than zero|set a transaction amount"),
    ("payment_exceeds_outstanding", r"more than its open balance|exceeds the "
     r"amount outstanding"),
    ("customer_mismatch", r"belongs to another customer"),
    ("currency_mismatch", r"currency of the account|same currency as the a/r"),
    ("stale_object", r"stale object|\(code 5010\)"),
    ("invalid_reference", r"invalid reference id|\(code 2500\)"),
    ("not_found", r"not (be )?found|cannot be found|already been deleted"
     r"|\(code 610\)"),
    ("invalid_request", r"is missing in the request|batch size exceeds|duplicate "
     r"request id|could not be parsed|queryparsererror|not supported by this "
     r"sandbox|sandbox does not take|unsupported|is not valid\.|\(code (2010|2020|"
     r"2170|500|600|1040|4000)\)"),
)  # fmt: skip

ALSO = ()
