// RFC 7643 §4.2: Group.displayName is caseExact false. A policy that maps `group:sales` to an app
// whose group is "Sales" must plan, apply and drift-check it as one group. Run against two
// independent SCIM servers that differ here: scimmy, whose `eq` filter compares case-sensitively,
// and better-auth's SCIM plugin, which matches displayName case-insensitively.
import { describe, expect, it } from "vitest";
import { startBetterAuthScim } from "../servers/better-auth-scim.js";
import { startScimServer } from "../servers/scim-server.js";
import { changeLines, type Person } from "./helpers/policy-repo.js";
import { scimPeerPerSuite } from "./helpers/scim-peer-repo.js";
import { scimView } from "./helpers/scim-state.js";

/** One SCIM server, seen the same way whichever implementation it is. */
interface Peer {
  url: string;
  token: string;
  /** displayName → sorted userNames of its members. */
  groups(): Promise<Record<string, string[]>>;
  stop(): Promise<void>;
}

const SEEDED = ["Sales", "Engineering"];

async function scimmy(): Promise<Peer> {
  const server = await startScimServer();
  await server.seed({ groups: SEEDED.map((displayName) => ({ displayName })) });
  return { url: server.url, token: server.token, groups: async () => (await scimView(server)).groups, stop: () => server.stop() };
}

async function betterAuth(): Promise<Peer> {
  const server = await startBetterAuthScim();
  await server.seedGroups(SEEDED);
  return {
    url: server.url,
    token: server.token,
    async groups() {
      const users = new Map((await server.list("/Users")).map((u) => [u.id as string, u.userName as string]));
      const view: Record<string, string[]> = {};
      for (const group of await server.list("/Groups")) {
        view[group.displayName] = ((group.members ?? []) as Array<{ value: string }>).map((m) => users.get(m.value) ?? `?${m.value}`).sort();
      }
      return view;
    },
    stop: () => server.stop(),
  };
}

const people: Person[] = [
  { worker: "W1", login: "ada", department: "Sales" },
  { worker: "W2", login: "grace", department: "Engineering" },
];

describe.each([
  ["scimmy", scimmy],
  ["better-auth", betterAuth],
] as const)("scim (%s): group displayName compared case-insensitively", (_name, start) => {
  const suite = scimPeerPerSuite(start, {
    people,
    groups: [
      { id: "sales", departments: ["Sales"] },
      { id: "engineering", departments: ["Engineering"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      // better-auth refuses a User whose userName is not an address unless it has an email.
      accounts: { attributes: { email: { from: "email" } } },
      entitlements: [
        { group: "sales", entitlement: "group:sales" },
        { group: "engineering", entitlement: "group:ENGINEERING" },
      ],
    },
  });

  it("applies group:sales to the app's group Sales, then drift finds nothing", async () => {
    const { plan } = await suite.repo.plan(suite.env);
    expect(changeLines(plan)).toEqual(["create-account ada", "create-account grace", "grant ada group:sales", "grant grace group:ENGINEERING"]);
    const applied = await suite.repo.cli(["apply", "--plan", "reviewed.json"], suite.env);
    expect(applied.stderr).toBe("");
    expect(applied.stdout).toContain("applied 4, already in place 0, failed 0");
    expect(await suite.peer.groups()).toEqual({ Sales: ["ada"], Engineering: ["grace"] });
    const drift = await suite.repo.cli(["drift"], suite.env);
    expect(drift.stderr).toContain("no drift: every target matches the desired state");
    expect(drift.code).toBe(0);
  });

  it("plans nothing on the next run; a mover revokes the app's Engineering under the policy's name", async () => {
    suite.repo.setPeople(people);
    expect(changeLines((await suite.repo.plan(suite.env)).plan)).toEqual([]);
    suite.repo.setPeople([people[0]!, { ...people[1]!, department: "Sales" }]);
    const { plan } = await suite.repo.plan(suite.env);
    expect(changeLines(plan)).toEqual(["grant grace group:sales", "revoke grace group:ENGINEERING"]);
    const applied = await suite.repo.cli(["apply", "--plan", "reviewed.json"], suite.env);
    expect(applied.stdout).toContain("applied 2, already in place 0, failed 0");
    expect(await suite.peer.groups()).toEqual({ Sales: ["ada", "grace"], Engineering: [] });
  });
});
