// RFC 7643 §8.7.1 gives every User string scopesync writes but externalId `"caseExact": false`, and
// apps store such values their own way: better-auth's SCIM plugin trims names and lower-cases e-mail
// addresses; the scimmy server's `lowerCaseAttributes` is an app that lower-cases userName,
// displayName, title and e-mails. Apply already took a value held so as kept; the planner compared exactly, and planned the
// same update for every such account on every run (a perpetual diff reviewers learn to ignore). Plan,
// apply, plan again must give nothing; a real change (another address) is still planned.
import { beforeAll, describe, expect, it } from "vitest";
import { startBetterAuthScim } from "../servers/better-auth-scim.js";
import { startScimServer } from "../servers/scim-server.js";
import { changeLines, type Person } from "./helpers/policy-repo.js";
import { scimPeerPerSuite } from "./helpers/scim-peer-repo.js";

interface Peer {
  url: string;
  token: string;
  /** userName → the user as the app answers it. */
  users(): Promise<Record<string, Record<string, any>>>;
  stop(): Promise<void>;
}

async function scimmyLowerCasing(): Promise<Peer> {
  const server = await startScimServer();
  await server.seed({ groups: [{ displayName: "Engineering" }] });
  await server.inject({ lowerCaseAttributes: ["userName", "displayName", "title", "emails"] });
  const headers = { authorization: `Bearer ${server.token}` };
  return {
    url: server.url,
    token: server.token,
    async users() {
      const page = (await (await fetch(`${server.url}/Users?count=100`, { headers })).json()) as { Resources: Array<Record<string, any>> };
      return Object.fromEntries(page.Resources.map((u) => [u.userName as string, u]));
    },
    stop: () => server.stop(),
  };
}

async function betterAuth(): Promise<Peer> {
  const server = await startBetterAuthScim();
  await server.seedGroups(["Engineering"]);
  return {
    url: server.url,
    token: server.token,
    users: async () => Object.fromEntries((await server.list("/Users")).map((u) => [u.userName as string, u])),
    stop: () => server.stop(),
  };
}

const people: Person[] = [
  { worker: "W1", login: "ada", first: "Ada", last: "Lovelace", title: "Staff Engineer", email: "Ada.Lovelace@Corp.example", department: "Engineering" },
  { worker: "W2", login: "grace", first: "Grace", last: "Hopper", title: "Engineer", email: "Grace.Hopper@Corp.example", department: "Engineering" },
];

describe.each([
  ["scimmy, lower-casing", scimmyLowerCasing, "ada lovelace "],
  ["better-auth", betterAuth, "Ada Lovelace"],
] as const)("scim (%s): a value the app holds in its own case is no change", (_name, start, displayName) => {
  const suite = scimPeerPerSuite(start, {
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      accounts: { attributes: { email: { from: "email" }, displayName: { from: "displayName" }, title: { from: "title" } } },
      entitlements: [{ group: "engineering", entitlement: "group:Engineering" }],
    },
  });
  // A name typed with a trailing space: better-auth trims names, scimmy keeps it.
  beforeAll(() => suite.repo.write("identities/people/ada.yaml", 'kind: Person\nid: ada\nattributes:\n  displayName: "Ada Lovelace "\n'));

  it("plan, apply, plan again: nothing to change", async () => {
    const { plan } = await suite.repo.plan(suite.env);
    expect(changeLines(plan)).toEqual(["create-account ada", "create-account grace", "grant ada group:Engineering", "grant grace group:Engineering"]);
    const applied = await suite.repo.cli(["apply", "--plan", "reviewed.json"], suite.env);
    expect(applied.stdout).toContain("applied 4, already in place 0, failed 0");
    const ada = (await suite.peer.users()).ada!;
    // What the next plan compares with: the name as the app stored it (lower-cased by scimmy's switch, trimmed by better-auth).
    expect([ada.emails?.[0]?.value, ada.displayName]).toEqual(["ada.lovelace@corp.example", displayName]);
    expect(changeLines((await suite.repo.plan(suite.env)).plan)).toEqual([]);
    const drift = await suite.repo.cli(["drift"], suite.env);
    expect(drift.stderr).toContain("no drift: every target matches the desired state");
  });

  it("another address is still a change, planned and applied", async () => {
    suite.repo.setPeople([{ ...people[0]!, email: "Ada.King@Corp.example" }, people[1]!]);
    const { plan } = await suite.repo.plan(suite.env);
    expect(changeLines(plan)).toEqual(["update-account ada"]);
    expect(plan.changes[0]!.attributes).toEqual({ email: { from: "ada.lovelace@corp.example", to: "ada.king@corp.example" } });
    const applied = await suite.repo.cli(["apply", "--plan", "reviewed.json"], suite.env);
    expect(applied.stdout).toContain("applied 1, already in place 0, failed 0");
    expect((await suite.peer.users()).ada!.emails?.find((e: { primary?: boolean }) => e.primary)?.value).toBe("ada.king@corp.example");
    expect(changeLines((await suite.repo.plan(suite.env)).plan)).toEqual([]);
  });
});
