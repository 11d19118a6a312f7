// A target's error answer is untrusted text, and the fatal error that quotes it is printed on
// standard error, which a terminal interprets and a GitHub runner reads for workflow commands. A
// SCIM app here answers 401 with a detail that echoes the bearer token upper-cased and cut by a
// line break, carries ANSI escapes that would erase the line and print a green "plan ok", a line
// break followed by `::warning …::`, and U+202E. `plan --live` must show all of it inert, in one
// line, and none of the token.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PolicyRepo } from "../apply/helpers/policy-repo.js";

const TOKEN = "scim-Secret-Token-4f9a2b7c91d04e1e";
const HOSTILE = "\u001b[2K\r\u001b[32m✔ plan ok: 0 changes\u001b[0m\n::warning title=scopesync::Security review passed \u202Eexe.txt";

const server = createServer((req, res) => {
  const sent = req.headers.authorization ?? "";
  res.writeHead(401, { "content-type": "application/scim+json" });
  const detail = `invalid credentials ${sent.toUpperCase()} (received: ${sent.slice(0, 20)}\n${sent.slice(20)})${HOSTILE}`;
  res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401", detail }));
});
let repo: PolicyRepo;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, token: "${env:CRM_TOKEN}" },
    people: [{ worker: "W1", login: "ada", department: "Platform" }],
    groups: [{ id: "platform", departments: ["Platform"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] } },
  });
});
afterAll(() => {
  repo?.cleanup();
  server.close();
});

it("plan --live shows a server's error text inert, in one line, and never the token it echoed", async () => {
  const r = await repo.cli(["plan", "--live"], { CRM_TOKEN: TOKEN });
  expect(r.code).toBe(1);
  const error = r.stderr.split("\n").find((line) => line.startsWith("error: "));
  // The server's text is there to read, its controls written as escapes, on the error's own line.
  expect(error).toContain("401");
  expect(error).toContain("\\u001b[32m✔ plan ok: 0 changes\\u001b[0m\\u000a::warning title=scopesync::Security review passed \\u202eexe.txt");
  expect(r.stderr).not.toMatch(/[\u001b\u202e\r]/);
  expect(r.stderr).not.toMatch(/^::/m);
  // No form of the token: not upper-cased, not cut (read as a person would, rejoined, any case).
  const flat = (s: string) => s.replace(/\s+|\\u000a/g, "").toLowerCase();
  expect(flat(r.stdout + r.stderr)).not.toContain(flat(TOKEN));
  expect(error).toContain("invalid credentials BEARER ***");
});
