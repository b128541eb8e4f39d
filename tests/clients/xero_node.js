// Xero's own Node SDK (xero-node), unchanged, against whatever serves config.api_base:
// the sandbox, or a proxy in front of it. Tokens come from config (the Python side ran
// the OAuth flow): setTokenSet needs no openid discovery, so nothing reaches the internet.
// Calls run in order and build on each other: create, read, update, pay, credit, void.
"use strict";

const { XeroClient } = require("xero-node");
const { config, call, check } = require("./harness");

const tenant = config.tenant_id;
const sales = config.sales_account || "200";
const bank = config.bank_account || "090";
const taxType = config.tax_type || "OUTPUT2";
const knownContact = config.contact_name || "Acme Property Management";
const run = config.run_label || String(Date.now());

const xero = new XeroClient();
xero.setTokenSet(config.token_set);
const api = xero.accountingApi;
api.basePath = config.api_base;

function line(description, quantity, unitAmount, accountCode = sales) {
  return { description, quantity, unitAmount, accountCode, taxType };
}

function messages(element) {
  return (element.validationErrors || []).map((error) => error.message);
}

function invoice(contactID, lines) {
  return {
    type: "ACCREC",
    contact: { contactID },
    date: "2026-11-02",
    dueDate: "2026-12-02",
    status: "AUTHORISED",
    lineAmountTypes: "Exclusive",
    lineItems: lines,
  };
}

async function main() {
  const state = {};

  await call("getTaxRates", async () => {
    const { body } = await api.getTaxRates(tenant);
    const rate = (body.taxRates || []).find((r) => r.taxType === taxType);
    check(rate, `no ${taxType} tax rate`, body);
    check(Number(rate.effectiveRate) === 20, "the standard rate is not 20%", rate);
    check(rate.status === "ACTIVE", "the standard rate is not active", rate);
    return { count: body.taxRates.length, rate: rate.name };
  });

  await call("getAccounts", async () => {
    const { body } = await api.getAccounts(tenant);
    const byCode = Object.fromEntries((body.accounts || []).map((a) => [a.code, a]));
    check(byCode[sales] && byCode[sales].type === "REVENUE", "no sales account", byCode[sales]);
    check(byCode[bank] && byCode[bank].type === "BANK", "no bank account", byCode[bank]);
    check(byCode[sales].accountID, "accounts carry no AccountID", byCode[sales]);
    return { count: body.accounts.length };
  });

  await call("getContacts page", async () => {
    const { body } = await api.getContacts(
      tenant, undefined, undefined, "Name ASC", undefined, 1, false, false, undefined, 2,
    );
    check(body.contacts.length === 2, "pageSize 2 did not give two contacts", body);
    check(body.pagination, "a paged list carries no pagination", body);
    const { page, pageSize, pageCount, itemCount } = body.pagination;
    check(page === 1 && pageSize === 2, "pagination does not echo the page", body.pagination);
    check(itemCount > 2 && pageCount === Math.ceil(itemCount / 2), "pagination counts", body.pagination);
    const names = body.contacts.map((c) => c.name);
    check(names[0].localeCompare(names[1]) <= 0, "order Name ASC not kept", names);
    const { body: second } = await api.getContacts(
      tenant, undefined, undefined, "Name ASC", undefined, 2, false, false, undefined, 2,
    );
    check(!second.contacts.some((c) => names.includes(c.name)), "page 2 repeats page 1", second);
    state.contactCount = itemCount;
    return body.pagination;
  });

  await call("getContacts where", async () => {
    const where = `Name=="${knownContact}"`;
    const { body } = await api.getContacts(tenant, undefined, where);
    check(body.contacts.length === 1, `where ${where} did not find one contact`, body);
    const contact = body.contacts[0];
    check(contact.name === knownContact && contact.contactID, "wrong contact", contact);
    check(contact.contactStatus === "ACTIVE", "contact not active", contact);
    state.knownContactID = contact.contactID;
    return { contactID: contact.contactID };
  });

  await call("createContacts", async () => {
    const names = [`xero-node ${run} One`, `xero-node ${run} Two`];
    const { body } = await api.createContacts(
      tenant,
      { contacts: names.map((name, i) => ({ name, emailAddress: `c${i}@example.com` })) },
      false,
    );
    check(body.contacts.length === 2, "two contacts sent, not two back", body);
    for (const [i, contact] of body.contacts.entries()) {
      check(contact.contactID && contact.name === names[i], "contact not created", contact);
      check(!contact.hasValidationErrors, "contact has validation errors", contact);
      check(contact.updatedDateUTC instanceof Date, "UpdatedDateUTC is not a date", contact);
    }
    state.newContacts = body.contacts;
    return body.contacts.map((c) => c.contactID);
  });

  await call("getContacts If-Modified-Since", async () => {
    check(state.newContacts, "createContacts made no contacts");
    const first = state.newContacts[0].updatedDateUTC;
    const since = new Date(first.getTime() - 1);
    const { body } = await api.getContacts(tenant, since);
    const ids = body.contacts.map((c) => c.contactID);
    for (const contact of state.newContacts) {
      check(ids.includes(contact.contactID), "a contact changed since is missing", ids);
    }
    check(ids.length < state.contactCount + 2, "If-Modified-Since filtered nothing", ids);
    check(!ids.includes(state.knownContactID), "an older contact was listed", ids);
    return { listed: ids.length };
  });

  await call("createInvoices batch", async () => {
    const contactID = state.newContacts ? state.newContacts[0].contactID : state.knownContactID;
    check(contactID, "no contact to invoice");
    const batch = [
      invoice(contactID, [line("Boiler service", 2, 85)]),
      invoice(contactID, [line("Not a real account", 1, 10, "999")]),
      invoice(contactID, [line("Gas safety check", 1, 60)]),
    ];
    const { body } = await api.createInvoices(tenant, { invoices: batch }, false);
    const [good, bad, other] = body.invoices || [];
    check(body.invoices.length === 3, "three invoices sent, not three back", body);
    for (const made of [good, other]) {
      check(!made.hasErrors && made.statusAttributeString === "OK", "valid invoice refused", made);
      check(made.invoiceID && made.invoiceNumber, "no id or number", made);
      check(made.status === "AUTHORISED", "not authorised", made);
    }
    check(Number(good.subTotal) === 170 && Number(good.totalTax) === 34, "wrong tax", good);
    check(Number(good.total) === 204 && Number(good.amountDue) === 204, "wrong total", good);
    check(bad.hasErrors === true && bad.statusAttributeString === "ERROR", "invalid one passed", bad);
    check(
      messages(bad).some((m) => m.includes("999")),
      "the invalid invoice does not name its bad account code",
      bad,
    );
    // Only the two valid ones exist: the contact's invoices, by ContactIDs and Statuses.
    const { body: listed } = await api.getInvoices(
      tenant, undefined, undefined, undefined, undefined, undefined, [contactID],
      ["AUTHORISED", "DRAFT"],
    );
    const numbers = listed.invoices.map((i) => i.invoiceNumber).sort();
    check(
      JSON.stringify(numbers) === JSON.stringify([good.invoiceNumber, other.invoiceNumber].sort()),
      "the contact's invoices are not the two valid ones",
      numbers,
    );
    state.invoice = good;
    state.toVoid = other;
    return { created: [good.invoiceNumber, other.invoiceNumber], refused: messages(bad) };
  });

  await call("getInvoice", async () => {
    check(state.invoice, "createInvoices made no invoice");
    const { body } = await api.getInvoice(tenant, state.invoice.invoiceID);
    const [found] = body.invoices;
    check(found.invoiceID === state.invoice.invoiceID, "another invoice came back", found);
    check(found.invoiceNumber === state.invoice.invoiceNumber, "number changed", found);
    check(found.lineItems.length === 1 && found.lineItems[0].lineItemID, "line items", found);
    check(Number(found.lineItems[0].lineAmount) === 170, "line amount", found.lineItems);
    check(found.contact.contactID === state.invoice.contact.contactID, "contact", found);
    check(found.date instanceof Date && found.date.toISOString().startsWith("2026-11-02"),
      "Date is not 2 November 2026", found.date);
    state.line = found.lineItems[0];
    return { total: found.total };
  });

  await call("updateInvoice line", async () => {
    check(state.line, "getInvoice read no line");
    const changed = { ...state.line, quantity: 3, lineAmount: 255 };
    delete changed.taxAmount;
    const { body } = await api.updateInvoice(tenant, state.invoice.invoiceID, {
      invoices: [{ lineItems: [changed], reference: `xero-node ${run}` }],
    });
    const [updated] = body.invoices;
    check(updated.lineItems.length === 1, "the line was added, not changed", updated.lineItems);
    check(Number(updated.lineItems[0].quantity) === 3, "quantity not changed", updated);
    check(Number(updated.total) === 306 && Number(updated.amountDue) === 306, "total", updated);
    check(updated.reference === `xero-node ${run}`, "reference not changed", updated);
    return { total: updated.total };
  });

  await call("createPayment", async () => {
    check(state.invoice, "no invoice to pay");
    const { body } = await api.createPayment(tenant, {
      invoice: { invoiceID: state.invoice.invoiceID },
      account: { code: bank },
      amount: 100,
      date: "2026-11-05",
      reference: `xero-node ${run}`,
    });
    const [payment] = body.payments;
    check(payment.paymentID && payment.status === "AUTHORISED", "payment not made", payment);
    check(Number(payment.amount) === 100, "payment amount", payment);
    check(payment.invoice.invoiceID === state.invoice.invoiceID, "paid another invoice", payment);
    check(Number(payment.invoice.amountDue) === 206, "invoice still owes the wrong amount", payment);
    return { paymentID: payment.paymentID };
  });

  await call("createCreditNotes", async () => {
    check(state.invoice, "no invoice to credit");
    const { body } = await api.createCreditNotes(
      tenant,
      {
        creditNotes: [
          {
            type: "ACCRECCREDIT",
            contact: { contactID: state.invoice.contact.contactID },
            date: "2026-11-06",
            status: "AUTHORISED",
            lineAmountTypes: "Exclusive",
            lineItems: [line("Goodwill credit", 1, 50)],
          },
        ],
      },
      false,
    );
    const [note] = body.creditNotes;
    check(note.creditNoteID && note.creditNoteNumber, "credit note not created", note);
    check(!note.hasErrors && note.status === "AUTHORISED", "not authorised", note);
    check(Number(note.total) === 60 && Number(note.remainingCredit) === 60, "total", note);
    state.creditNote = note;
    return { creditNoteNumber: note.creditNoteNumber };
  });

  await call("createCreditNoteAllocation", async () => {
    check(state.creditNote, "no credit note to allocate");
    const { body } = await api.createCreditNoteAllocation(
      tenant,
      state.creditNote.creditNoteID,
      {
        allocations: [
          { invoice: { invoiceID: state.invoice.invoiceID }, amount: 60, date: "2026-11-06" },
        ],
      },
    );
    const [allocation] = body.allocations;
    check(!(allocation.validationErrors || []).length, "allocation refused", allocation);
    check(Number(allocation.amount) === 60, "allocated amount", allocation);
    check(allocation.invoice.invoiceID === state.invoice.invoiceID, "allocated elsewhere", allocation);
    const { body: after } = await api.getInvoice(tenant, state.invoice.invoiceID);
    const [owed] = after.invoices;
    check(Number(owed.amountDue) === 146, "invoice does not owe 306 - 100 - 60", owed);
    check(Number(owed.amountCredited) === 60, "AmountCredited", owed);
    return { amountDue: owed.amountDue };
  });

  await call("updateInvoice VOIDED", async () => {
    check(state.toVoid, "no second invoice to void");
    const { body } = await api.updateInvoice(tenant, state.toVoid.invoiceID, {
      invoices: [{ status: "VOIDED" }],
    });
    const [voided] = body.invoices;
    check(voided.invoiceID === state.toVoid.invoiceID, "another invoice came back", voided);
    check(voided.status === "VOIDED", "not voided", voided);
    const { body: after } = await api.getInvoice(tenant, state.toVoid.invoiceID);
    check(after.invoices[0].status === "VOIDED", "a read does not show it voided", after);
    return { status: voided.status };
  });
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + "\n");
  process.exit(1);
});
