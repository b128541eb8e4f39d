// One line of JSON per call, so pytest can hold each call to account on its own.
// Usage: const { config, call } = require("./harness"); await call("name", async () => ...);
"use strict";

const fs = require("fs");

const config = JSON.parse(fs.readFileSync(0, "utf8"));

function describe(error) {
  // Axios-style errors (both SDKs) carry the provider's answer: keep it whole.
  const response = error && (error.response || (error.fault && { data: error }));
  if (response) {
    return {
      message: String(error.message || error),
      status: response.status || response.statusCode,
      body: response.data || response.body,
    };
  }
  if (error && typeof error === "object" && !(error instanceof Error)) {
    return error; // node-quickbooks hands back the parsed Fault body itself
  }
  return { message: String((error && error.stack) || error), detail: error && error.detail };
}

async function call(name, body) {
  try {
    const detail = await body();
    process.stdout.write(JSON.stringify({ call: name, ok: true, detail: detail ?? null }) + "\n");
    return detail;
  } catch (error) {
    process.stdout.write(JSON.stringify({ call: name, ok: false, detail: describe(error) }) + "\n");
    return undefined;
  }
}

function check(condition, message, detail) {
  if (!condition) {
    const error = new Error(message);
    error.detail = detail;
    throw error;
  }
}

module.exports = { config, call, check };
