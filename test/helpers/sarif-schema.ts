import { readFileSync } from "node:fs";
import Ajv04 from "ajv-draft-04";
import addFormatsModule from "ajv-formats";

// The SARIF 2.1.0 JSON Schema itself (test/fixtures/sarif/README.md), compiled once per test file.
const schema = JSON.parse(readFileSync(new URL("../fixtures/sarif/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8")) as object;

export function sarifValidator() {
  // The RTM 5 schema has one pattern ("language") that is invalid under the u flag.
  const ajv = new (Ajv04 as unknown as typeof import("ajv-draft-04").default)({ allErrors: true, strict: false, unicodeRegExp: false });
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: unknown) => void;
  addFormats(ajv);
  return ajv.compile(schema);
}
