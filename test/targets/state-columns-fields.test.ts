import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { plainAccount } from "../../src/model/account-fields.js";
import type { TargetState } from "../../src/model/target-state.js";
import { columnsOf, stateFromColumns, type StateColumns } from "../../src/targets/state-columns.js";
import { readStateFile } from "../../src/targets/state-file.js";
import { readStateColumns } from "../../src/targets/state-stream.js";

// The CLI and the Action read state files on a second thread, as columns (state-columns.ts), and
// plan from what stateFromColumns gives back. The columns once carried four of the state's fields
// by name; groupIds and privileged, added to readStateFile later, never reached a shipped plan.
// Held here: a state file with every field docs/formats.md documents gives, through the columns
// (read account by account, or whole), exactly what readStateFile gives.

const ROOT = new URL("../../", import.meta.url).pathname;

/** Every field the state file format has, optional ones included, each somewhere (what github, scim, aws-iam, entra-apps and file targets write: one format). */
const EVERY_FIELD = {
  formatVersion: 1,
  target: "app",
  readAt: "2026-11-26T06:10:00Z",
  // Where the file was pulled from, and the tenant's own id (rv83: read into the state's `tenant`).
  endpoint: "https://api.github.com/orgs/acme-robotics",
  tenantId: "41000001",
  accounts: [
    { id: "1", login: "ada", externalId: "hr:W1", active: true, attributes: { email: "ada@example.com", title: "Engineer" }, entitlements: ["team:platform", "org-role:release-admins"] },
    { id: "2", login: "alan", active: false, attributes: {}, entitlements: [], disabledAt: "2026-10-31T20:00:00Z" },
    // Attributes the layout cannot hold: carried whole (StateColumns.irregular).
    { id: "3", login: "grace", active: true, attributes: { level: 3 }, entitlements: ["team:platform"] },
  ],
  credentials: [
    { id: "key-1", account: "1", type: "ssh-key", credentialId: "ada-key", access: "write", createdAt: "2026-01-01T00:00:00Z", lastUsedAt: "2026-11-01T00:00:00Z", recordsUse: true, status: "active" },
    { id: "key-2", account: "", heldBy: "old.admin", type: "ssh-key", access: "read-only" },
    { id: "cert-1", account: "2", type: "certificate", status: "inactive", manualRevocation: "az ad app credential delete --id 2 --key-id cert-1", unknownReportedOnly: true },
    { id: "console-password:alan", account: "2", type: "console-password", withHolderOnly: true },
  ],
  groups: [
    { entitlement: "team:platform", holds: ["repo:infra:write"], roles: ["org-role:all_repo_admin"] },
    { entitlement: "team:platform-admins", holds: ["repo:infra:admin"], parent: "team:platform" },
  ],
  groupIds: [
    { entitlement: "team:platform", id: "1000" },
    { entitlement: "team:platform-admins", id: "1001", renamedTo: "team:platform-owners" },
  ],
  privileged: ["org-role:release-admins"],
  attributeCaseExact: { displayName: false, title: true },
};

/** The dotted paths of the fields docs/formats.md lists for state files ("groupIds[].renamedTo"). */
function documentedFields(): string[] {
  const doc = readFileSync(join(ROOT, "docs/formats.md"), "utf8");
  const section = doc.slice(doc.indexOf("\n## Target state files"), doc.indexOf("\n## Plan JSON"));
  return [...section.matchAll(/^\| `([A-Za-z[\].]+)` \|/gm)].map((m) => m[1]!).filter((f) => !f.endsWith("[]"));
}

/** Does some value at `path` ("credentials[].heldBy") exist in `value`? */
function has(value: unknown, path: string): boolean {
  const [head, ...rest] = path.split(".");
  const list = head!.endsWith("[]");
  const at = (value as Record<string, unknown>)[list ? head!.slice(0, -2) : head!];
  if (at === undefined) return false;
  if (rest.length === 0) return true;
  return list ? (at as unknown[]).some((x) => has(x, rest.join("."))) : has(at, rest.join("."));
}

function stateFile(content: unknown): { dir: string; bytes: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-columns-fields-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const text = `${JSON.stringify(content, null, 2)}\n`;
  writeFileSync(join(dir, "app.json"), text);
  return { dir, bytes: Buffer.from(text) };
}

/** The state the planning thread makes of columns another thread handed over (their buffers moved). */
function handedOver(c: StateColumns): TargetState {
  return stateFromColumns(structuredClone(c, { transfer: [c.text, c.starts.buffer as ArrayBuffer, c.fields.buffer as ArrayBuffer] }));
}

/** Held to readStateFile's state: every field but the accounts deep-equal, the accounts field for field, and the whole in the same order. */
function expectAsRead(got: TargetState, read: TargetState): void {
  const { accounts, ...rest } = got;
  const { accounts: readAccounts, ...readRest } = read;
  expect(rest).toStrictEqual(readRest);
  expect(accounts.map(plainAccount)).toStrictEqual(readAccounts.map(plainAccount));
  expect(JSON.stringify(got)).toBe(JSON.stringify(read));
}

describe("state columns carry every field of a state file", () => {
  it("the fixture below has every field docs/formats.md documents for state files", () => {
    const fields = documentedFields();
    expect(fields).toEqual(expect.arrayContaining(["groupIds", "groupIds[].renamedTo", "privileged", "credentials[].heldBy", "accounts[].disabledAt"]));
    // A field documented later is added to EVERY_FIELD, so that the columns are held to carrying it.
    expect(fields.filter((f) => !has(EVERY_FIELD, f))).toEqual([]);
  });

  it("gives what readStateFile gives, read account by account (the worker's way), read whole, and made from readStateFile's state", () => {
    const { dir, bytes } = stateFile(EVERY_FIELD);
    const read = readStateFile(dir, "app.json", "app");
    expect(read.groupIds).toHaveLength(2);
    expect(read.privileged).toEqual(["org-role:release-admins"]);
    expectAsRead(handedOver(readStateColumns(bytes, "app.json", "app")), read);
    expectAsRead(handedOver(columnsOf(read)), read);
    // A second accounts key is read whole (state-stream.ts leaves it to JSON.parse): the other way in.
    const twice = Buffer.from(bytes.toString("utf8").replace('"accounts": [', '"accounts": [], "accounts": ['));
    expectAsRead(handedOver(readStateColumns(twice, "app.json", "app")), read);
  });

  it("carries a field the state gains without the columns naming it", () => {
    const { dir } = stateFile(EVERY_FIELD);
    const read = { ...readStateFile(dir, "app.json", "app"), endpoint: "https://scim.example.com/v2" } as TargetState;
    expectAsRead(handedOver(columnsOf(read)), read);
  });
});
