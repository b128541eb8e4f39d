// Loaded into Prism with `node --require` by tests/prism.py, for the Prism pass only.
//
// Prism bundles each operation's schemas under #/__bundled__ with keys named after
// a ref's last path segment: "items", "items_2", ... "items_20", and it gives up
// after twenty. Every ref past that is left unresolved, and the validator then
// passes any body at all: stoplightio/prism#2574 ("Request body is not validated
// when there are multiple references to the same schema"). Xero's OpenAPI has far
// more than twenty refs ending in "items", so without this no request body of
// PUT /Invoices was checked. A key with a running number is always free.
const json = require('@stoplight/json');

const bundleTarget = json.bundleTarget;
let issued = 0;

function uniqueKey({ path }) {
  issued += 1;
  const last = String(path.length ? path[path.length - 1] : 'root');
  return `${last.replace(/[^A-Za-z0-9]/g, '') || 'ref'}_${issued}`;
}

json.bundleTarget = (options, ...rest) =>
  bundleTarget({ keyProvider: uniqueKey, ...options }, ...rest);
