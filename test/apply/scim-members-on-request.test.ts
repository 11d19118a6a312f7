// The daily sync against an app whose Group.members is "returned": "request", as Keycloak's SCIM
// API publishes it since 26.6 (https://github.com/keycloak/keycloak/pull/47636, "Make sure
// Group#members attribute is only returned if requested"; discussion #54267). Before: day 1's
// grants, all made by the app, were journalled failed ("it did not add the member") on every run,
// and when ben left the on-call rota his privileged Admins membership was never revoked (the plan
// saw nobody in any group). Real SCIM server (scimmy, members-on-request mode), the CLI as an
// operator runs it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

let scim: ScimServer;
let repo: PolicyRepo;

beforeEach(async () => {
  scim = await startScimServer({ mode: "members-on-request" });
  await scim.seed({ groups: [{ displayName: "Engineering" }, { displayName: "Admins" }] });
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: scim.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 3000 } },
    people: [{ worker: "W1", login: "ada", department: "Engineering" }, { worker: "W2", login: "ben", department: "Engineering" }],
    groups: [{ id: "engineering", departments: ["Engineering"] }, { id: "admins", privileged: true, members: ["ben"] }],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      entitlements: [{ group: "engineering", entitlement: "group:Engineering" }, { group: "admins", entitlement: "group:Admins" }],
    },
  });
});
afterEach(async () => {
  repo?.cleanup();
  await scim?.stop();
});

const env = () => ({ SCIM_TOKEN: scim.token });
const journal = () => readFileSync(join(repo.dir, ".scopesync/journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { action: string; identity: string; entitlement?: string; phase: string });

describe("an app that shows a group's members only when asked for them", () => {
  it("confirms the grants it made, plans nothing more for them, and revokes a privileged membership that is no longer granted", async () => {
    const { plan: day1 } = await repo.plan(env());
    expect(changeLines(day1)).toEqual(["create-account ada", "create-account ben", "grant ada group:Engineering", "grant ben group:Admins", "grant ben group:Engineering"]);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(journal().filter((l) => l.phase === "failed")).toEqual([]);
    expect(await scim.members()).toEqual({ Admins: ["ben"], Engineering: ["ada", "ben"] });

    // The next plan reads the memberships: nothing to grant again, no "members unlisted" warning.
    const { plan: again } = await repo.plan(env(), "again.json");
    expect(changeLines(again)).toEqual([]);
    expect(again.findings.map((f) => f.rule)).not.toContain("scim-group-members-unlisted");

    // Ben leaves the on-call rota, ada takes it.
    repo.writeGroup({ id: "admins", privileged: true, members: ["ada"] });
    const { plan: day2 } = await repo.plan(env());
    expect(changeLines(day2)).toEqual(["grant ada group:Admins", "revoke ben group:Admins"]);
    const moved = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(moved.code, moved.stdout + moved.stderr).toBe(0);
    expect(await scim.members()).toEqual({ Admins: ["ada"], Engineering: ["ada", "ben"] });
    expect(journal().filter((l) => l.phase === "failed")).toEqual([]);
  });
});
