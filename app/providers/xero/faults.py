"""Xero's failures in the catalogue's codes: its ValidationErrors' messages and
its problem replies' Detail (provider-apis.md A6; domain-research.md's reported
errors). First fit wins, so the specific patterns come before the broad ones."""

from app.providers.faults import rules

# Tried whatever our code: none for Xero.
ANY = ()

# A refused sign-in (401/403): a 403 AuthorizationUnsuccessful is the person's
# permission, not the token.
SIGN_IN = rules(("authorization_failed", r"authorizationunsuccessful"))

RECORD = rules(
    ("period_locked", r"lock date"),
    ("plan_limit", r"reached the limit of"),
    ("tax_type_account_mismatch", r"taxtype code .* cannot be used with account"),
    ("tax_code_invalid", r"taxtype code .*does not exist|tax rate must be valid"),
    ("account_code_required", r"the code field is required"),
    ("contact_archived", r"contact.* has been archived|un-?archived|archived "
     r"contact|contact .*merged"),
    ("account_archived", r"account\b.* has been archived"),
    ("account_code_invalid", r"account code .* not a valid code|account must be "
     r"valid"),
    ("duplicate_contact_number", r"another contact has this contact number"),
    ("duplicate_contact_name", r"contact name .* already assigned"),
    ("contact_name_missing", r"contact name cannot be empty|elements to identify"
     r" the contact"),
    ("contact_details_invalid", r"email address must be valid"),
    ("duplicate_document_number", r"# must be unique"),
    ("document_locked", r"not of valid status for modification|cannot be edited"
     r"|reconciled payment|has payments or credits applied|less than the "
     r"payments and credits"),
    ("total_mismatch", r"total does not equal|amount does not equal|credits "
     r"applied can't be more|less than the amount applied"),
    ("invalid_amount", r"quantity must not be less than zero|(quantity|unitamount)"
     r" value .* is invalid|must be greater than zero"),
    ("payment_not_authorised", r"only be made against authori[sz]ed|only "
     r"authori[sz]ed credit notes|allocated to authori[sz]ed"),
    ("payment_exceeds_outstanding", r"exceeds the amount outstanding|exceeds the "
     r"remaining credit"),
    ("payment_account_invalid", r"payments can only be made to a bank account"),
    ("customer_mismatch", r"for the same contact"),
    ("currency_mismatch", r"subscribed to currency"),
    ("not_found", r"not (be )?found|cannot be found|already been deleted"),
    ("invalid_request", r"invalid json|not a valid date|is not valid\.|must be "
     r"one of|valid status for creation|must be an? (list|object)|invalid "
     r"enumeration|unsupported|idempotency-key|not supported by this sandbox|"
     r"sandbox does not take|must be for one invoice"),
)  # fmt: skip

# Codes Xero leads to without a reply saying so: a draft invoice takes no payment.
ALSO = ("invoice_not_approved",)
