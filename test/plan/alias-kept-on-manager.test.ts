// A leaver's address kept as an alias on their manager (rv102 H1). Google admins delete or suspend
// a leaver and add the address to the manager so mail keeps arriving; Exchange/Entra admins do the
// same with a lower-case smtp: proxy address. The alias tied the leaver's HR record and the
// manager's to the manager's directory user: all three `disputed`, the leaver not offboarded, the
// plan blocked. Exports are in the shapes the Admin SDK (users.list, projection=full) and Graph
// (GET /users with $select) return.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";
const EXPORTED = '    options: { exportedAt: "2026-11-26T06:00:00Z" }';
const HR = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\nW1,mia,Mia,Stone,mia@acme.example,Active\nW2,leo,Leo,Park,leo@acme.example,Terminated\nW3,bo,Bo,Lund,bo@acme.example,Active\n";

const googleUser = (n: number, local: string, given: string, family: string, aliases: string[] = []) => ({
  kind: "admin#directory#user", id: `10000000000000000000${n}`, primaryEmail: `${local}@acme.example`, customerId: "C01abcdef",
  name: { givenName: given, familyName: family, fullName: `${given} ${family}` }, isAdmin: false, isDelegatedAdmin: false, suspended: false, archived: false, orgUnitPath: "/",
  ...(aliases.length > 0 ? { aliases } : {}),
});
const entraUser = (n: number, local: string, given: string, family: string, aliases: string[] = []) => ({
  id: `7d1e0c2a-0000-4000-8000-00000000000${n}`, userPrincipalName: `${local}@acme.example`, mail: `${local}@acme.example`,
  proxyAddresses: [`SMTP:${local}@acme.example`, ...aliases.map((a) => `smtp:${a}`)], givenName: given, surname: family, displayName: `${given} ${family}`, accountEnabled: true,
});

interface Repo { hr: string; directory: "google" | "entra"; users: object[]; links?: string; accounts: Array<[login: string, anchor: string]> }

function repo(r: Repo): string {
  const dir = tempDir("scopesync-alias-");
  const put = (path: string, text: string): void => { mkdirSync(dirname(join(dir, path)), { recursive: true }); writeFileSync(join(dir, path), text); };
  const directory = r.directory === "google"
    ? ["  google:", "    type: google", "    path: exports/google/users"]
    : ["  entra:", "    type: entra", "    path: exports/entra/users.json"];
  put("scopesync.yaml", ["version: 1", "organisation: test", "sources:",
    "  hr:", "    type: csv", "    path: exports/hr.csv", "    authoritative: [name, status, employeeId]", EXPORTED,
    ...directory, EXPORTED,
    `correlation: { precedence: [hr, ${r.directory}] }`, "targets:", "  app: { type: file, path: state/app.json }", ""].join("\n"));
  put("exports/hr.csv", r.hr);
  if (r.directory === "google") put("exports/google/users/page-1.json", JSON.stringify({ kind: "admin#directory#users", users: r.users }));
  else put("exports/entra/users.json", JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", value: r.users }));
  if (r.links) put("identities/links.yaml", r.links);
  put("policies/apps/app.yaml", "kind: AppPolicy\nid: app\ntarget: app\ndescription: x\nscope: { include: [ { kinds: [person] } ] }\naccounts: { login: userName, onSuspended: disable }\nentitlements: [ { group: staff, entitlement: \"group:staff\" } ]\n");
  put("identities/groups/staff.yaml", "kind: Group\nid: staff\ndescription: staff\nbirthright:\n  - kinds: [person]\n");
  const accounts = r.accounts.map(([login, externalId], i) => ({ id: `u${i + 1}`, login, externalId, active: true, attributes: {}, entitlements: ["group:staff"] }));
  put("state/app.json", JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts }));
  return dir;
}

async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}

const STAFF: Repo["accounts"] = [["mia", "hr:W1"], ["leo", "hr:W2"], ["bo", "hr:W3"]];
const blocking = (p: Plan) => p.findings.filter((f) => f.rule === "disputed" || f.rule === "correlation-conflict" || f.rule === "identity-id-collision");
const changesOf = (p: Plan, who: string) => p.changes.filter((c) => c.identity === who).map((c) => c.action).sort();

/** Nothing disputed or blocked, Leo disabled and revoked, Mia left as she is, one warning on Mia: the set-aside findings. */
async function leaverOffboarded(dir: string): Promise<Plan["findings"]> {
  const { code, plan: p } = await plan(dir);
  expect(blocking(p)).toEqual([]);
  expect(code).toBe(0);
  expect(changesOf(p, "leo")).toEqual(["disable-account", "revoke"]);
  expect(changesOf(p, "mia")).toEqual([]);
  const set = p.findings.filter((f) => f.rule === "alias-match-set-aside");
  expect(set.map((f) => [f.identity, f.severity])).toEqual([["mia", "warning"]]);
  return set;
}

describe("a leaver's address kept as an alias on their manager (rv102 H1)", () => {
  it("Google aliases: the manager joins her own HR record, the leaver is offboarded, a warning names the alias", async () => {
    const dir = repo({ hr: HR, directory: "google", users: [googleUser(1, "mia", "Mia", "Stone", ["leo@acme.example"]), googleUser(3, "bo", "Bo", "Lund")], accounts: STAFF });
    const set = await leaverOffboarded(dir);
    expect(set[0]!.message).toContain('google:100000000000000000001 holds "leo@acme.example" as an alias, which is hr:W2\'s address, but email "mia@acme.example" joins it to hr:W1 of the same source');
    const explain = await runCli(["explain", "mia", "--repo", dir, "--now", NOW]);
    expect(explain.stdout).toContain("source records: google:100000000000000000001, hr:W1");
  });

  it("Entra ID smtp: proxy address: the same", async () => {
    const dir = repo({ hr: HR, directory: "entra", users: [entraUser(1, "mia", "Mia", "Stone", ["leo@acme.example"]), entraUser(3, "bo", "Bo", "Lund")], accounts: STAFF });
    const set = await leaverOffboarded(dir);
    expect(set[0]!.message).toContain('entra:7d1e0c2a-0000-4000-8000-000000000001 holds "leo@acme.example" as an alias');
  });

  it("a renamed user whose old address is an alias, matching nothing else, still joins by it", async () => {
    // HR still has Kim's old address; Google renamed her to kim.berg@ and kept kim.lund@ as an alias.
    const hr = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\nW1,mia,Mia,Stone,mia@acme.example,Active\nW4,klund,Kim,Berg,kim.lund@acme.example,Active\n";
    const dir = repo({ hr, directory: "google", users: [googleUser(1, "mia", "Mia", "Stone"), googleUser(4, "kim.berg", "Kim", "Berg", ["kim.lund@acme.example"])], accounts: [["mia", "hr:W1"], ["klund", "hr:W4"]] });
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(0);
    expect(p.findings.filter((f) => f.rule === "alias-match-set-aside" || f.rule === "disputed")).toEqual([]);
    const explain = await runCli(["explain", "klund", "--repo", dir, "--now", NOW]);
    expect(explain.stdout).toContain("source records: google:100000000000000000004, hr:W4");
  });

  it("a links entry naming the user and the alias's record is a decision: the alias correlates, and the records are disputed as before", async () => {
    const links = "kind: Links\nlinks:\n  - records: [\"google:100000000000000000001\", \"hr:W2\"]\n    reason: Leo's mailbox is Mia's now\n";
    const dir = repo({ hr: HR, directory: "google", users: [googleUser(1, "mia", "Mia", "Stone", ["leo@acme.example"]), googleUser(3, "bo", "Bo", "Lund")], links, accounts: STAFF });
    const { code, plan: p } = await plan(dir);
    expect(p.findings.filter((f) => f.rule === "alias-match-set-aside")).toEqual([]);
    expect(p.findings.some((f) => f.rule === "disputed")).toBe(true);
    expect(code).toBe(3);
  });
});
