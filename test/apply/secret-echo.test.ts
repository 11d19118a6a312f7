// A SCIM server (or a proxy in front of it) that echoes the Authorization header in its error
// answers: as a SCIM error envelope, or as an HTML error page, with base64- and URL-encoded copies.
// The bearer token must not reach the output of plan --live, apply or drift, with or without
// --debug, nor the journal. The redactor knows every resolved ${env:NAME} value and scrubs it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { PolicyRepo, type Person } from "./helpers/policy-repo.js";

const people: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W2", login: "alan", department: "Engineering" },
];

let scim: ScimServer;
let repo: PolicyRepo;
const seen: string[] = [];

beforeAll(async () => {
  scim = await startScimServer();
  await scim.seed({ groups: [{ displayName: "Engineering" }] });
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: scim.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 3000 } },
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }] },
  });
});
afterAll(async () => {
  repo?.cleanup();
  await scim?.stop();
});

/** Every form of the token the echo carries, and pieces a partial mask would leave. */
function leaks(text: string): string[] {
  const bearer = `Bearer ${scim.token}`;
  const forms = [scim.token, scim.token.slice(5, 25), Buffer.from(bearer).toString("base64").slice(12, 40), Buffer.from(scim.token).toString("base64").slice(4, 30), encodeURIComponent(bearer).slice(12)];
  return forms.filter((f) => text.includes(f));
}

async function run(args: string[]): Promise<{ code: number; text: string }> {
  const r = await repo.cli(args, { SCIM_TOKEN: scim.token });
  seen.push(r.stdout, r.stderr);
  return { code: r.code, text: r.stdout + r.stderr };
}

describe.each([
  ["a SCIM error envelope", "json", 400],
  ["an HTML error page", "html", 403],
] as const)("a server that echoes the Authorization header in %s", (_, echoFormat, echoStatus) => {
  it.each([[[]], [["--debug"]]])("plan --live and drift %j: exit 1, the echo shown, the token masked", async (extra) => {
    await scim.inject({ rateEcho: 1, echoFormat, echoStatus, methods: ["GET"] });
    for (const args of [["plan", "--live", ...extra], ["drift", ...extra]]) {
      const r = await run(args);
      expect(r.code, r.text).toBe(1);
      expect(r.text).toContain(`${echoStatus}`);
      expect(r.text).toMatch(/Authorization: Bearer \*\*\*/); // the echo reached the message…
      expect(leaks(r.text)).toEqual([]); // …and no form of the token did
    }
  });

  it.each([[[]], [["--debug"]]])("apply %j: writes answered with the echo fail, the token masked in output and journal", async (extra) => {
    await scim.inject({ rateEcho: 1, echoFormat, echoStatus, methods: ["POST", "PATCH", "PUT", "DELETE"] });
    const r = await run(["apply", "--auto-approve", ...extra]);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/failed: crm create-account ada: .*Authorization: Bearer \*\*\*/);
    expect(leaks(r.text)).toEqual([]);
    const journal = readFileSync(join(repo.dir, ".scopesync/journal.jsonl"), "utf8");
    expect(journal).toContain('"phase":"failed"');
    expect(journal).toContain("Bearer ***");
    expect(leaks(journal)).toEqual([]);
  });
});

describe("after every run", () => {
  it("nothing printed by any of them holds the token in any form", async () => {
    await scim.inject({});
    expect(seen.length).toBeGreaterThanOrEqual(24);
    expect(leaks(seen.join("\n"))).toEqual([]);
  });
});
