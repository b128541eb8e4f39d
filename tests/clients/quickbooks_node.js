// node-quickbooks 2.0.50 and intuit-oauth 4.2.5, unchanged, against the
// QuickBooks sandbox. Only their base URLs are moved to the sandbox's port; the
// calls run in order and build on each other (customers, then an invoice, its
// updates, a payment, a batch, a void, and the change feed that saw it all).
"use strict";

const axios = require("axios");
const OAuthClient = require("intuit-oauth");
const QuickBooks = require("node-quickbooks");
const { config, call, check } = require("./harness");

const base = config.base_url;
const realm = config.realm_id;
const started = new Date(Date.now() - 60 * 1000);
const names = ["Node Quarry", "Node Quill", "Node Quince"]; // sorted by DisplayName
const like = { field: "DisplayName", value: "Node Q%", operator: "LIKE" };

// The two libraries' own switches for where Intuit lives.
QuickBooks.V3_ENDPOINT_BASE_URL = `${base}/quickbooks/v3/company/`;
QuickBooks.TOKEN_URL = `${base}/quickbooks/oauth2/v1/tokens/bearer`;
QuickBooks.REVOKE_URL = `${base}/quickbooks/oauth2/v1/tokens/revoke`;

let qbo;

// node-quickbooks answers through callbacks: (err, data).
function ask(method, ...args) {
  return new Promise((resolve, reject) => {
    qbo[method](...args, (err, data) => (err ? reject(err) : resolve(data)));
  });
}

// The 400 node-quickbooks hands back when it should refuse (an axios error).
function refusal(method, ...args) {
  return ask(method, ...args).then(
    (data) => {
      throw Object.assign(new Error(`${method} was accepted`), { detail: data });
    },
    (err) => ({ status: err.response && err.response.status, body: err.response && err.response.data }),
  );
}

function displayNames(data) {
  return ((data.QueryResponse || {}).Customer || []).map((c) => c.DisplayName);
}

function same(got, want, message) {
  check(JSON.stringify(got) === JSON.stringify(want), message, { got, want });
}

function invoiceLine(amount) {
  return {
    DetailType: "SalesItemLineDetail",
    Amount: amount,
    Description: "Node client work",
    SalesItemLineDetail: {
      ItemRef: { value: config.item_id },
      Qty: 1,
      UnitPrice: amount,
      TaxCodeRef: { value: config.tax_code_id },
    },
  };
}

async function connect() {
  // intuit-oauth, pointed at the sandbox's own authorize and token endpoints.
  const discovery = (await axios.get(`${base}/quickbooks/.well-known/openid_configuration`)).data;
  const oauth = new OAuthClient({
    clientId: config.client_id,
    clientSecret: config.client_secret,
    environment: "sandbox",
    redirectUri: config.redirect_uri,
  });
  oauth.setAuthorizeURLs({
    authorizeEndpoint: discovery.authorization_endpoint,
    tokenEndpoint: discovery.token_endpoint,
    revokeEndpoint: discovery.revocation_endpoint,
    userInfoEndpoint: discovery.userinfo_endpoint,
  });
  let token;
  await call("oauth.createToken", async () => {
    const uri = oauth.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: "node" });
    const consent = new URLSearchParams({ ...Object.fromEntries(new URL(uri).searchParams), realm_id: realm, action: "allow" });
    const page = await axios.get(uri);
    check(page.status === 200, "the consent page did not open", page.status);
    const back = await axios.post(discovery.authorization_endpoint, consent.toString(), {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      maxRedirects: 0,
      validateStatus: (status) => status === 302,
    });
    const reply = await oauth.createToken(back.headers.location);
    token = reply.getJson();
    check(oauth.getToken().realmId === realm, "createToken did not keep the realmId", oauth.getToken());
    check(oauth.isAccessTokenValid(), "the access token is not valid by intuit-oauth", token);
    return { realmId: oauth.getToken().realmId, expires_in: token.expires_in };
  });
  await call("oauth.refresh", async () => {
    token = (await oauth.refresh()).getJson();
    check(token.access_token && token.refresh_token, "refresh gave no tokens", token);
    return { token_type: token.token_type };
  });
  if (!token) token = { access_token: config.access_token, refresh_token: config.refresh_token };
  qbo = new QuickBooks(config.client_id, config.client_secret, token.access_token, false, realm, true, false, null, "2.0", token.refresh_token);
  await call("refreshAccessToken", async () => {
    const reply = await new Promise((resolve, reject) =>
      qbo.refreshAccessToken((err, body) => (err ? reject(err) : resolve(body))),
    );
    check(qbo.token === reply.access_token, "node-quickbooks did not take the new token", reply);
    return { expires_in: reply.expires_in };
  });
}

async function customers() {
  const made = await call("createCustomer", async () => {
    const out = [];
    for (const name of names) out.push(await ask("createCustomer", { DisplayName: name }));
    check(out.every((c) => c.SyncToken === "0" && c.Id), "a new customer lacks Id or SyncToken 0", out);
    return out.map((c) => ({ Id: c.Id, DisplayName: c.DisplayName }));
  });
  const first = (made || [])[0] || {};
  await call("getCustomer", async () => {
    const found = await ask("getCustomer", first.Id);
    same(found.DisplayName, names[0], "getCustomer read another customer");
    return { Id: found.Id };
  });
  await call("updateCustomer.fromRead", async () => {
    const read = await ask("getCustomer", (made || [])[2].Id);
    const after = await ask("updateCustomer", { ...read, PrimaryEmailAddr: { Address: "quince@example.com" } });
    same([after.PrimaryEmailAddr, after.SyncToken, after.DisplayName], [{ Address: "quince@example.com" }, "1", names[2]], "the round-trip update did not hold");
  });
  const find = (criteria) => ask("findCustomers", criteria);
  await call("findCustomers.object", async () => {
    same(displayNames(await find({ DisplayName: names[0] })), [names[0]], "DisplayName = found the wrong customers");
  });
  await call("findCustomers.in", async () => {
    const got = displayNames(await find({ DisplayName: [names[0], names[2]] })).sort();
    same(got, [names[0], names[2]], "DisplayName IN (...) found the wrong customers");
  });
  await call("findCustomers.like", async () => {
    same(displayNames(await find([like])).sort(), names, "DisplayName LIKE found the wrong customers");
  });
  await call("findCustomers.greaterThan", async () => {
    const since = new Date(Date.now() - 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    const got = displayNames(await find([{ field: "MetaData.LastUpdatedTime", value: since, operator: ">" }]));
    check(names.every((n) => got.includes(n)), "LastUpdatedTime > an hour ago missed new customers", got);
  });
  await call("findCustomers.asc", async () => {
    same(displayNames(await find([like, { field: "asc", value: "DisplayName" }])), names, "ORDERBY asc is out of order");
  });
  await call("findCustomers.desc", async () => {
    const got = displayNames(await find([like, { field: "desc", value: "DisplayName" }]));
    same(got, [...names].reverse(), "ORDERBY desc is out of order");
  });
  await call("findCustomers.limitOffset", async () => {
    const page = await find([like, { field: "asc", value: "DisplayName" }, { field: "limit", value: 1 }, { field: "offset", value: 2 }]);
    same(displayNames(page), [names[1]], "STARTPOSITION 2 MAXRESULTS 1 gave the wrong page");
    same([page.QueryResponse.startPosition, page.QueryResponse.maxResults], [2, 1], "the page says the wrong position");
  });
  await call("findCustomers.objectLimitOffset", async () => {
    const page = await find({ DisplayName: names[2], limit: 5, offset: 1, asc: "DisplayName" });
    same(displayNames(page), [names[2]], "object criteria with limit/offset/asc found the wrong customers");
  });
  await call("findCustomers.count", async () => {
    const counted = await find([{ count: true }, like]);
    same(counted.QueryResponse.totalCount, 3, "COUNT(*) counted the wrong customers");
    check(!counted.QueryResponse.Customer, "COUNT(*) returned rows", counted);
  });
  await call("findCustomers.fetchAll", async () => {
    const all = await find([like, { field: "asc", value: "DisplayName" }, { field: "limit", value: 2 }, { field: "fetchAll", value: true }]);
    same(displayNames(all), names, "fetchAll did not page through every customer");
    return { maxResults: all.QueryResponse.maxResults };
  });
  return made || [];
}

async function items() {
  const itemNames = (data) => ((data.QueryResponse || {}).Item || []).map((i) => i.Name);
  await call("findItems.object", async () => {
    const found = await ask("findItems", { Name: config.item_name, Active: true });
    same(itemNames(found), [config.item_name], "Name = and Active = true found the wrong items");
    same(found.QueryResponse.Item[0].Id, config.item_id, "the item has another Id");
  });
  await call("findItems.in", async () => {
    const found = await ask("findItems", { Name: [config.item_name, "No Such Item"] });
    same(itemNames(found), [config.item_name], "Name IN found the wrong items");
  });
  await call("findItems.likeDesc", async () => {
    const found = await ask("findItems", [{ field: "Type", value: "Service" }, { field: "Name", value: "%e%", operator: "LIKE" }, { field: "desc", value: "Name" }]);
    const got = itemNames(found);
    check(got.length > 1 && got.includes(config.item_name), "Name LIKE '%e%' missed items", got);
    const folded = (a, b) => (a.toLowerCase() < b.toLowerCase() ? 1 : a.toLowerCase() > b.toLowerCase() ? -1 : 0);
    same(got, [...got].sort(folded), "ORDERBY Name desc is out of order");
  });
  await call("findItems.count", async () => {
    const counted = await ask("findItems", { count: true });
    check(counted.QueryResponse.totalCount >= 1, "COUNT(*) of items is not a count", counted);
  });
}

async function invoices(customer) {
  const invoice = await call("createInvoice", async () => {
    const made = await ask("createInvoice", { CustomerRef: { value: customer.Id }, Line: [invoiceLine(123.45)] });
    same([made.SyncToken, made.CustomerRef.value], ["0", customer.Id], "the new invoice is not customer's at SyncToken 0");
    check(made.DocNumber && made.TotalAmt > 123.45, "the invoice has no number or no VAT", made);
    return made;
  });
  if (!invoice) return null;
  await call("getInvoice", async () => {
    const found = await ask("getInvoice", invoice.Id);
    same([found.Id, found.TotalAmt, found.Balance], [invoice.Id, invoice.TotalAmt, invoice.TotalAmt], "getInvoice read something else");
  });
  await call("findInvoices.range", async () => {
    const found = await ask("findInvoices", [
      { field: "TotalAmt", value: invoice.TotalAmt - 1, operator: ">" },
      { field: "TotalAmt", value: invoice.TotalAmt + 1, operator: "<" },
      { field: "CustomerRef", value: customer.Id },
    ]);
    same(((found.QueryResponse || {}).Invoice || []).map((i) => i.Id), [invoice.Id], "TotalAmt > and < found the wrong invoices");
  });
  const updated = await call("updateInvoice.sparse", async () => {
    const after = await ask("updateInvoice", { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, CustomerMemo: { value: "Thanks" } });
    same(after.SyncToken, "1", "a sparse update did not bump the SyncToken");
    same(after.CustomerMemo, { value: "Thanks" }, "the sparse update lost its change");
    same([after.DocNumber, after.TotalAmt, after.Line.length], [invoice.DocNumber, invoice.TotalAmt, invoice.Line.length], "a sparse update dropped unsent fields");
    return after;
  });
  await call("updateInvoice.stale", async () => {
    const { status, body } = await refusal("updateInvoice", { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, PrivateNote: "late" });
    const error = ((body || {}).Fault || { Error: [{}] }).Error[0];
    same([status, body.Fault.type, error.code, error.Message, error.element], [400, "ValidationFault", "5010", "Stale Object Error", ""], "a stale SyncToken was not refused as QBO does");
    check(/^Stale Object Error : You and .+ were working on this at the same time\. .+ finished before you did, so your work was not saved\.$/.test(error.Detail), "the 5010 Detail is not QBO's", error);
    check(typeof body.time === "string", "the Fault has no time", body);
    const now = await ask("getInvoice", invoice.Id);
    check(!now.PrivateNote && now.SyncToken === (updated || {}).SyncToken, "the stale update was saved", now);
    return error;
  });
  await call("createPayment", async () => {
    const paid = await ask("createPayment", {
      CustomerRef: { value: customer.Id },
      TotalAmt: invoice.TotalAmt,
      Line: [{ Amount: invoice.TotalAmt, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] }],
    });
    same([paid.TotalAmt, paid.UnappliedAmt], [invoice.TotalAmt, 0], "the payment is not fully applied");
    const after = await ask("getInvoice", invoice.Id);
    same(after.Balance, 0, "the paid invoice still has a balance");
    check(after.LinkedTxn.some((l) => l.TxnId === paid.Id && l.TxnType === "Payment"), "the invoice does not link its payment", after);
    return { Id: paid.Id };
  });
  await call("updateInvoice.fromRead", async () => {
    // The usual node-quickbooks round trip: read it, change it, send it all back
    // (read-only fields and all; node-quickbooks marks it sparse).
    const read = await ask("getInvoice", invoice.Id);
    const after = await ask("updateInvoice", { ...read, PrivateNote: "From a read" });
    same([after.PrivateNote, after.SyncToken], ["From a read", String(Number(read.SyncToken) + 1)], "the round-trip update did not hold");
    same([after.TotalAmt, after.Balance, after.Line.length], [read.TotalAmt, read.Balance, read.Line.length], "the round trip changed the money");
  });
  return invoice;
}

async function batchAndVoid(customers, invoice) {
  const batch = await call("batch", async () => {
    const [, second] = customers;
    const reply = await ask("batch", [
      { bId: "1", operation: "create", Invoice: { CustomerRef: { value: second.Id }, Line: [invoiceLine(50)] } },
      { bId: "2", operation: "update", Customer: { Id: second.Id, SyncToken: "0", sparse: true, CompanyName: "Quill & Co" } },
      { bId: "3", operation: "update", Invoice: { Id: invoice.Id, SyncToken: "0", sparse: true, PrivateNote: "stale" } },
      { bId: "4", Query: `select * from Customer where DisplayName = '${names[2]}'` },
      { bId: "5", operation: "create", Invoice: { CustomerRef: { value: second.Id }, Line: [invoiceLine(20)] } },
    ]);
    const byId = Object.fromEntries(reply.BatchItemResponse.map((item) => [item.bId, item]));
    same(reply.BatchItemResponse.map((item) => item.bId), ["1", "2", "3", "4", "5"], "the batch lost or reordered items");
    check(byId["1"].Invoice && byId["1"].Invoice.Id && byId["1"].Invoice.SyncToken === "0", "the batch did not create the invoice", byId["1"]);
    same([byId["2"].Customer.CompanyName, byId["2"].Customer.SyncToken, byId["2"].Customer.DisplayName], ["Quill & Co", "1", names[1]], "the batch's sparse update is wrong");
    same([byId["3"].Fault.type, byId["3"].Fault.Error[0].code], ["ValidationFault", "5010"], "the stale batch item was not refused");
    same(byId["4"].QueryResponse.Customer.map((c) => c.DisplayName), [names[2]], "the batch query is wrong");
    return { invoiceId: byId["1"].Invoice.Id, doomedId: byId["5"].Invoice.Id };
  });
  await call("voidInvoice", async () => {
    check(batch, "the batch made no invoice to void");
    const reply = await ask("voidInvoice", batch.invoiceId); // reads it, then posts operation=void
    const voided = reply.Invoice;
    check(voided && voided.Id === batch.invoiceId, "voidInvoice did not return the invoice", reply);
    same([voided.TotalAmt, voided.Balance, voided.SyncToken], [0, 0, "1"], "the voided invoice still has money or kept its SyncToken");
    check(/Voided/.test(voided.PrivateNote || ""), "the voided invoice does not say Voided", voided);
  });
  await call("deleteInvoice", async () => {
    check(batch, "the batch made no invoice to delete");
    const reply = await ask("deleteInvoice", batch.doomedId); // reads it, then posts operation=delete
    same(reply.Invoice, { domain: "QBO", status: "Deleted", Id: batch.doomedId }, "the delete reply is not QBO's");
    const gone = await ask("getInvoice", batch.doomedId).then(
      () => null,
      (err) => err.response && err.response.data.Fault.Error[0].code,
    );
    same(gone, "610", "a deleted invoice can still be read");
  });
  return batch;
}

async function changes(customers, invoice, batch) {
  await call("changeDataCapture", async () => {
    const reply = await ask("changeDataCapture", ["Invoice", "Customer"], started);
    check(Array.isArray(reply.CDCResponse) && reply.CDCResponse.length === 1, "CDCResponse is not a one-item list", reply);
    const pages = reply.CDCResponse[0].QueryResponse;
    check(Array.isArray(pages) && pages.length === 2, "CDC did not answer per entity", reply);
    const ids = (kind) => pages.flatMap((page) => (page[kind] || []).map((e) => e.Id));
    const invoiceIds = ids("Invoice");
    const customerIds = ids("Customer");
    check(invoiceIds.includes(invoice.Id) && (!batch || invoiceIds.includes(batch.invoiceId)), "CDC missed an invoice", invoiceIds);
    check(customers.every((c) => customerIds.includes(c.Id)), "CDC missed a customer", customerIds);
    check(pages.every((page) => page.startPosition === 1 && typeof page.maxResults === "number"), "a CDC page lacks startPosition/maxResults", pages);
    if (batch) {
      const invoicePage = pages.find((page) => page.Invoice).Invoice;
      const deleted = invoicePage.filter((e) => e.status === "Deleted");
      same(deleted.map((e) => e.Id), [batch.doomedId], "CDC did not report the deleted invoice");
      same(invoicePage.slice(-deleted.length), deleted, "CDC lists deleted entities before live ones");
      same(Object.keys(deleted[0]).sort(), ["Id", "MetaData", "domain", "status"], "a deleted entity carries more than QBO sends");
    }
    return { invoices: invoiceIds.length, customers: customerIds.length };
  });
}

async function main() {
  await connect();
  const made = await customers();
  await items();
  const invoice = made.length ? await invoices(made[0]) : null;
  const batch = invoice ? await batchAndVoid(made, invoice) : null;
  if (invoice) await changes(made, invoice, batch);
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + "\n");
  process.exitCode = 1;
});
