// Adopting an existing SCIM app: import against the real SCIM test server (scimmy), then validate,
// plan (nothing to change), import again (no byte changes), and three HR leavers (exactly their
// offboarding). The bad inputs fail with one line, exit 1, and write nothing.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { runCli } from "../helpers/run-cli.js";
import { configYaml, filesUnder, hrCsv, scimSeed, workers, writeFile, type ScimSeedPlan, type Worker } from "./org-fixtures.js";

const NOW = "2026-12-02T08:00:00Z";
let server: ScimServer;
let people: Worker[];
let seed: ScimSeedPlan;
const dirs: string[] = [];

function repoWith(url: string, token = "${env:CRM_TOKEN}"): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-adopt-"));
  dirs.push(dir);
  writeFile(dir, "scopesync.yaml", configYaml(`  crm:\n    type: scim\n    url: ${url}\n    token: "${token}"\n    options: { pageSize: 200 }\n`));
  writeFile(dir, "exports/hr.csv", hrCsv(people));
  return dir;
}


beforeAll(async () => {
  people = workers(520);
  seed = scimSeed(people, 32);
  server = await startScimServer({ maxResults: 200 });
  await server.seed({ users: seed.users, groups: seed.groups });
}, 30_000);

afterAll(async () => {
  await server?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("import --target crm (SCIM, 526 users, 32 groups)", () => {
  it("writes today's access so that the next plan changes nothing, and a second import changes no byte", async () => {
    expect(seed.users.length).toBeGreaterThanOrEqual(500);
    const dir = repoWith(server.url);
    const env = { CRM_TOKEN: server.token };
    const first = await runCli(["import", "--target", "crm", "--repo", dir, "--now", NOW], { env });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const linked = seed.linkedByExternalId.length + seed.linkedByLogin.length + seed.linkedByEmail.length;
    expect(first.stdout).toContain(`imported crm: ${linked} accounts linked to people, 32 groups, 0 non-human identities; 6 accounts to link by hand`);
    expect(first.stdout).toContain(`${seed.inactive.length} disabled accounts left unmanaged`);

    const validate = await runCli(["validate", "--repo", dir], { env });
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);

    const plan = await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"], { env });
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as { changes: unknown[]; findings: Array<{ rule: string; identity?: string }> };
    expect(json.changes).toEqual([]);
    // The six vendor accounts and the deactivated ones are reported, never touched.
    const unmanaged = json.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity).sort();
    expect(unmanaged).toEqual([...seed.unlinkable, ...seed.inactive].sort());

    // The live plan reads the same app: also nothing to change.
    const live = await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json", "--live"], { env });
    expect(JSON.parse(live.stdout).changes).toEqual([]);

    const before = filesUnder(dir);
    const second = await runCli(["import", "--target", "crm", "--repo", dir, "--now", NOW], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("wrote ");
    expect(filesUnder(dir)).toEqual(before);

    const group = readFileSync(join(dir, "identities/imported/crm/groups.yaml"), "utf8");
    expect(group).toContain("id: crm-group-everyone\n");
    expect(group).toContain("reason: imported 2026-12-02\n");
    const proposals = readFileSync(join(dir, "imported/crm/link-proposals.yaml"), "utf8");
    for (const v of seed.unlinkable) expect(proposals).toContain(`login: ${v}\n`);

    // Three people leave in HR: their offboarding, and nothing else.
    const leavers = [people[0]!, people[1]!, people[3]!];
    for (const w of leavers) w.status = "Terminated";
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    for (const w of leavers) w.status = "Active";
    const after = JSON.parse((await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"], { env })).stdout) as { changes: Array<{ identity: string; action: string; entitlement?: string }> };
    const ids = new Set(leavers.map((w) => w.login));
    expect(after.changes.length).toBeGreaterThan(3);
    expect(after.changes.filter((c) => !ids.has(c.identity))).toEqual([]);
    for (const w of leavers) {
      const theirs = after.changes.filter((c) => c.identity === w.login);
      expect(theirs.at(-1)?.action).toBe("disable-account");
      const held = seed.groups.filter((g) => g.members.includes(w.email) || g.members.includes(w.login)).map((g) => `group:${g.displayName}`).sort();
      expect(theirs.filter((c) => c.action === "revoke").map((c) => c.entitlement).sort()).toEqual(held);
    }
  }, 240_000);

  it("reads a person's answers back from the link proposals: a link, an NHI and its owner, an account left alone", async () => {
    const dir = repoWith(server.url);
    const env = { CRM_TOKEN: server.token };
    const first = await runCli(["import", "--target", "crm", "--repo", dir, "--now", NOW], { env });
    expect(first.stderr).toBe("");
    const path = join(dir, "imported/crm/link-proposals.yaml");
    // people[19] holds only a deactivated account: vendor1 turns out to be theirs.
    const answer = (text: string, login: string, value: string) => text.replace(new RegExp(`(login: ${login.replace(/[.@]/g, "\\$&")}\n(?:    .*\n)*?    answer: )""`), `$1${value}`);
    writeFile(dir, "imported/crm/link-proposals.yaml", answer(answer(answer(readFileSync(path, "utf8"), "vendor1@partner.example", people[19]!.login), "vendor2@partner.example", "ignore"), "vendor3@partner.example", "nhi"));
    const second = await runCli(["import", "--target", "crm", "--repo", dir, "--now", NOW], { env });
    // vendor4-6 to link by hand; people[19]'s deactivated account (the answer gave them another one)
    // is left as it is, like every disabled account, not asked about.
    expect(second.stdout).toContain(`imported crm: ${seed.linkedByExternalId.length + seed.linkedByLogin.length + seed.linkedByEmail.length + 1} accounts linked to people, 32 groups, 1 non-human identity; 3 accounts to link by hand and 1 identity without an owner`);
    expect(second.stdout).toContain(`; ${seed.inactive.length} disabled accounts left unmanaged`);
    const nhis = readFileSync(join(dir, "identities/imported/crm/service-accounts.yaml"), "utf8");
    expect(nhis).toContain("id: crm-vendor3-partner.example\n");
    writeFile(dir, "imported/crm/link-proposals.yaml", readFileSync(path, "utf8").replace(/(nhi: crm-vendor3-partner\.example\n    owner: )""/, `$1${people[0]!.login}`));
    const third = await runCli(["import", "--target", "crm", "--repo", dir, "--now", NOW], { env });
    expect(third.stdout).toContain("and 0 identities without an owner");
    expect(readFileSync(join(dir, "identities/imported/crm/service-accounts.yaml"), "utf8")).toContain(`owner: ${people[0]!.login}\n`);
    expect(readFileSync(join(dir, "identities/imported/people.yaml"), "utf8")).toContain(`id: ${people[19]!.login}\nanchor: hr:${people[19]!.workerId}\nattributes:\n  crmImported: true\n  crmLogin: vendor1@partner.example\n`);
    const plan = await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"], { env });
    expect(plan.stderr).toBe("");
    expect(JSON.parse(plan.stdout).changes).toEqual([]);
  }, 240_000);

  it("refuses to overwrite a hand-written file and writes nothing", async () => {
    const dir = repoWith(server.url);
    writeFile(dir, "identities/imported/crm/groups.yaml", "# mine\nkind: Group\nid: mine\n");
    const before = filesUnder(dir);
    const r = await runCli(["import", "--target", "crm", "--repo", dir, "--now", NOW], { env: { CRM_TOKEN: server.token } });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe('error: import of "crm" would overwrite 1 file it did not write: identities/imported/crm/groups.yaml');
    expect(filesUnder(dir)).toEqual(before);
  }, 60_000);

  it("an unreachable app: one line, exit 1, nothing written", async () => {
    const dir = repoWith("http://127.0.0.1:9/scim/v2");
    const before = filesUnder(dir);
    const r = await runCli(["import", "--target", "crm", "--repo", dir, "--now", NOW], { env: { CRM_TOKEN: "x" } });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toMatch(/^error: target "crm": .*(ECONNREFUSED|connect|network)/i);
    expect(filesUnder(dir)).toEqual(before);
  });

  it("a token the app refuses: one line, exit 1, nothing written, the token never shown", async () => {
    const dir = repoWith(server.url);
    const before = filesUnder(dir);
    const r = await runCli(["import", "--target", "crm", "--repo", dir, "--now", NOW], { env: { CRM_TOKEN: "scim-wrong-token-0123456789" } });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toMatch(/^error: target "crm": .*401/);
    expect(r.stderr).not.toContain("scim-wrong-token");
    expect(filesUnder(dir)).toEqual(before);
  });
});

describe("import of a SCIM app without filter support", () => {
  let plain: ScimServer;
  beforeAll(async () => {
    plain = await startScimServer({ filter: false });
  }, 30_000);
  afterAll(async () => plain?.stop());

  it("is refused with one line, exit 1, nothing written", async () => {
    const dir = repoWith(plain.url);
    const before = filesUnder(dir);
    const r = await runCli(["import", "--target", "crm", "--repo", dir, "--now", NOW], { env: { CRM_TOKEN: plain.token } });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe('error: target "crm": the SCIM app does not support filters (ServiceProviderConfig filter.supported is not true); scopesync finds accounts by filter, so it cannot manage this app');
    expect(filesUnder(dir)).toEqual(before);
  });
});
