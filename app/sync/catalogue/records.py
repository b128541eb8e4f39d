"""The catalogue's entries about the records themselves: codes, customers,
documents and payments, in FAQ order."""

from app.sync.catalogue.entry import make as _e

RECORD_SECTIONS = (
    ("Nominal codes and tax", (
        _e("account_code_invalid", "Nominal code not accepted",
           "A line's nominal code does not exist in the package, or is a bank or "
           "system account that sales cannot post to.",
           "1. Run a sync with Pull tax codes and nominal codes ticked in the sync "
           "options. 2. Change the line to a revenue nominal code the package has. "
           "3. Retry."),
        _e("account_archived", "Nominal code archived in Xero",
           "The nominal code on a line was archived or deleted in Xero.",
           "Restore the account in Xero's chart of accounts, or change the line to "
           "a live code here, then retry."),
        _e("account_code_required", "Xero account has no code",
           "An account in Xero (usually a bank account) has no account code, and "
           "Xero needs one for this record.",
           "In Xero, open Accounting, Chart of accounts, give the account a code, "
           "then sync again."),
        _e("account_type_invalid", "Nominal code is the wrong type",
           "QuickBooks cannot post a product or service to this kind of account "
           "(such as Accounts Receivable or a bank).",
           "Change the line to an Income type nominal code, then retry."),
        _e("duplicate_item_name", "A QuickBooks product already has this name",
           "LedgerBridge posts each nominal code through a QuickBooks service item "
           "named after it, and another product or account already has that name.",
           "Rename the other product or account in QuickBooks, or rename the "
           "nominal code here, then retry."),
        _e("tax_type_account_mismatch", "Tax code not allowed on this nominal code",
           "Xero will not use this tax rate with this account, for example a sales "
           "rate on an expense account.",
           "Change the line's tax code or nominal code to a pair Xero allows, or map "
           "the tax code to another Xero rate in the sync options, then retry."),
        _e("tax_code_invalid", "Tax code not recognised",
           "The tax code sent does not exist in the package, was archived there, or "
           "cannot be used on sales.",
           "1. Run a sync with Pull tax codes and nominal codes ticked. 2. In the "
           "sync options, map the tax code to a live sales rate. 3. Retry."),
        _e("tax_code_required", "Every line needs a tax code",
           "QuickBooks in the UK, Canada and Australia needs a VAT or GST code on "
           "every line, zero-rated lines included.",
           "Give every line a tax code (use a zero-rated or No VAT code where no "
           "tax applies) and check each is mapped in the sync options, then retry."),
        _e("nominal_code_unknown", "Nominal code not in the package",
           "A line's nominal code, or the bank account for payments, is missing "
           "from the package or archived there, so it was not sent.",
           "Add or restore the code in the package (for payments, an active bank "
           "account), or change the line to a code the package has, then retry."),
        _e("tax_code_unknown", "Tax code not matched in the package",
           "A line's tax code has no match in the package: it is missing, unmapped "
           "or archived there, so it was not sent.",
           "Open the sync options and map the tax code to one of the package's "
           "rates (pull codes first if the rate is new there), then retry."),
    )),
    ("Customers", (
        _e("duplicate_contact_name", "A customer with this name already exists",
           "The package already has a contact with this name: in Xero an active "
           "one, in QuickBooks any customer, supplier or employee, inactive too.",
           "If it is the same customer, make the names match exactly so the sync "
           "links them; if not, rename one (a suffix such as the town), then retry."),
        _e("duplicate_contact_number", "Another contact has this account number",
           "The customer's account number is already the contact number of another "
           "Xero contact.",
           "Change the account number on one of them so each is unique, then retry."),
        _e("contact_archived", "Customer archived in Xero",
           "The Xero contact this customer is linked to was archived or merged, and "
           "Xero takes no new invoices or credit notes for it.",
           "Restore the contact in Xero (Contacts, Archived, Restore), then retry. "
           "If it was merged, tell support which contact it became."),
        _e("customer_archived", "Customer archived in the package",
           "The matching customer is archived or inactive in the package, so it was "
           "not sent.",
           "Make the customer active again in the package, or rename it here if it "
           "is a different customer, then retry."),
        _e("contact_name_missing", "Customer has no name",
           "The package needs a name for every customer, and this one has none (or "
           "only spaces).",
           "Open the customer, enter a name, save, then retry."),
        _e("contact_details_invalid", "Customer details not accepted",
           "The package rejected the customer's email address as not valid.",
           "Correct the email address on the customer (one address, no spaces), "
           "then retry."),
        _e("customer_not_synced", "Customer not in the package yet",
           "This record's customer has not been sent to the package, so the record "
           "waited.",
           "Fix the customer's own error first (see its row in the sync history); "
           "this record then goes with the next sync."),
        _e("invalid_reference", "Something this record uses is inactive",
           "A customer, item, account or tax code this record refers to was made "
           "inactive or deleted in QuickBooks.",
           "Make it active again in QuickBooks, or change the record here to use an "
           "active one, then retry."),
    )),
    ("Invoices and credit notes", (
        _e("duplicate_document_number", "Invoice or credit note number already used",
           "The package already has a document with this number, entered by hand "
           "or by another app.",
           "If it is the same document, mark this copy Don't send. If not, give "
           "this one a different number (or a prefix), then retry."),
        _e("document_locked", "Document can no longer be changed",
           "In the package the document is paid, voided or has a payment or credit "
           "allocated, so changes are refused.",
           "Leave the package's copy as it is: raise a credit note here for the "
           "difference, or mark the change Don't send."),
        _e("void_refused", "The package will not void the document",
           "The invoice or credit note was voided here after it went, but in the "
           "package a payment or credit is applied to it (or its date is in a "
           "locked period), so it cannot be voided there.",
           "In the package, remove the payment or the credit allocation, then "
           "retry. If the money is real, record it here instead of voiding."),
        _e("period_locked", "Date is in a locked period",
           "The package refused the document because its date is on or before the "
           "lock date (Xero) or the books close date (QuickBooks).",
           "Change the document's date to after the lock date, or ask your "
           "accountant to move the lock date, then retry."),
        _e("before_lock_date", "Dated on or before the lock date",
           "LedgerBridge held the document back because its date is on or before "
           "the lock date or books close date set in the package.",
           "Change the document's date to after the lock date, or ask your "
           "accountant to move the lock date, then retry."),
        _e("plan_limit", "Accounts package plan limit reached",
           "The package's subscription plan allows no more of these this month, or "
           "the subscription has ended.",
           "Upgrade or renew the package subscription; retrying before that will "
           "fail the same way."),
        _e("total_mismatch", "Amounts do not add up",
           "The package worked the totals out from the lines and got a different "
           "figure from the one sent, usually a penny of rounding.",
           "Check each line's quantity, price and discount; round prices to pence "
           "where you can, then retry. If it repeats, tell support."),
        _e("invalid_amount", "Quantity or amount not allowed",
           "A line has a negative quantity, or the amount is zero or below where "
           "the package needs more than zero.",
           "Use a credit note for money going back rather than a negative quantity, "
           "and remove zero-value payments, then retry."),
        _e("currency_mismatch", "Currency does not match",
           "The document's currency differs from the customer's or the package's "
           "own currency, and multicurrency is not switched on there.",
           "Raise the document in the customer's currency, or ask your accountant "
           "about turning on multicurrency in the package."),
        _e("no_lines", "Document has no lines",
           "The invoice or credit note has no lines, and the package takes none "
           "without them.",
           "Open the document, add its lines (or delete it if it is not needed), "
           "then retry."),
        _e("too_many_lines", "Document has too many lines",
           "The invoice or credit note has more lines than one document can have "
           "in LedgerBridge, more than is safe to send to the package at once.",
           "Open the document and split it into two, each with fewer lines, "
           "then retry."),
        _e("stale_object", "Changed in QuickBooks at the same time",
           "Someone changed this record in QuickBooks while LedgerBridge was "
           "updating it, so QuickBooks kept their version.",
           "Retry: LedgerBridge reads the latest version first. If it repeats, "
           "check no one is editing the record in QuickBooks."),
    )),
    ("Payments and credit allocations", (
        _e("payment_not_authorised", "Invoice not approved in Xero",
           "Xero takes payments and credit only on approved (AUTHORISED) invoices, "
           "and this one is a draft there.",
           "Approve the invoice in Xero, or set the sync options to send invoices "
           "approved, then retry the payment."),
        _e("invoice_not_approved", "Invoices go to Xero as drafts",
           "The sync options send invoices as drafts, and Xero takes no payments "
           "or credit on drafts, so this was not sent.",
           "Approve the invoice in Xero, or change the sync options to send "
           "invoices approved, then retry."),
        _e("payment_exceeds_outstanding", "More than the invoice still owes",
           "The payment or credit is larger than what is left to pay on the "
           "invoice in the package, often because it was paid there already.",
           "Compare the invoice in both places: remove the duplicate payment, or "
           "correct the amount here, then retry."),
        _e("payment_account_invalid", "Account cannot take payments",
           "The account chosen for payments is not a bank account, and payments "
           "are not enabled on it in Xero.",
           "In Xero, tick Enable payments to this account on that account, or make "
           "sure Xero has an active bank account, then retry."),
        _e("customer_mismatch", "Credit note and invoice have different customers",
           "A payment or credit note is linked to an invoice that belongs to "
           "another customer in the package.",
           "Link the credit note or payment to an invoice of the same customer, "
           "then retry."),
        _e("invoice_not_synced", "Invoice not in the package yet",
           "This payment or credit allocation is for an invoice that has not been "
           "sent to the package, so it waited.",
           "Send the invoice first (fix its own error if it has one); this record "
           "then goes on the next sync."),
    )),
)  # fmt: skip
