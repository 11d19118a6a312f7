// Import of an organisation too large for one file per kind: the loader refuses a YAML file over
// 1 MiB, so import writes at most its size budget per file, going on into numbered parts, and
// splits a group too large for one file into several groups the policy maps to one entitlement.
// A small budget (importTarget's fileBudget) stands in for the real one, so the organisations stay
// small: what is checked is that every part loads, is read back, and is removed when not needed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { importTarget } from "../../src/adopt/import-target.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { configYaml, filesUnder, hrCsv, workers, writeFile, type Worker } from "./org-fixtures.js";
import { seedGithubOrg } from "./github-org.js";

const NOW = "2026-12-02T08:00:00Z";
const BUDGET = 4096;
const tempDir = tempDirs();

interface PlanJson { changes: Array<{ identity: string; action: string; entitlement?: string; target: string }> }

/** A file target's accounts: everyone in group:everyone, every other one in group:staff, three admins. */
function store(target: string, list: readonly Worker[]): string {
  const accounts = list.map((w, i) => ({ id: `${target}-${i}`, login: w.login, active: true, attributes: {}, entitlements: ["group:everyone", ...(i % 2 === 0 ? ["group:staff"] : []), ...(i < 3 ? ["group:admins"] : [])] }));
  return `${JSON.stringify({ formatVersion: 1, target, readAt: "2026-12-02T07:00:00Z", accounts, credentials: [] }, null, 2)}\n`;
}

const run = (repoDir: string, target: string, options: { out?: string; budget?: number; env?: Record<string, string> } = {}) =>
  importTarget({ repoDir, target, outDir: options.out ?? repoDir, env: options.env ?? {}, now: Date.parse(NOW), fileBudget: options.budget ?? BUDGET });

/** The file `folder/stem.yaml` and its numbered parts as they are in dir, in part order. */
function parts(dir: string, folder: string, stem: string): string[] {
  const names = [...filesUnder(join(dir, folder)).keys()].filter((p) => !p.includes("/") && (p === `${stem}.yaml` || p.startsWith(`${stem}-`)));
  return names.sort((a, b) => (a === `${stem}.yaml` ? -1 : b === `${stem}.yaml` ? 1 : a < b ? -1 : 1)).map((p) => `${folder}/${p}`);
}

/** Every document of the files, in order. */
function documents(dir: string, files: readonly string[]): Array<Record<string, unknown>> {
  return files.flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS() as Record<string, unknown>));
}

async function plan(dir: string, env: Record<string, string> = {}): Promise<PlanJson> {
  const validate = await runCli(["validate", "--repo", dir], { env });
  expect(validate.stderr).toBe("");
  expect(validate.code).toBe(0);
  return JSON.parse((await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"], { env })).stdout) as PlanJson;
}

describe("import within a size budget per file", () => {
  it("writes numbered parts that all load and plan nothing; a re-import is byte-identical; a smaller org removes the parts no longer needed", async () => {
    const people = workers(150);
    const dir = tempDir("scopesync-adopt-split-");
    writeFile(dir, "scopesync.yaml", configYaml("  local:\n    type: file\n    path: directory.json\n"));
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    writeFile(dir, "directory.json", store("local", people));

    const first = await run(dir, "local");
    const overlayFiles = parts(dir, "identities/imported", "people");
    const groupFiles = parts(dir, "identities/imported/local", "groups");
    // The first file keeps its name; the parts beside it are numbered so they sort in order.
    expect(overlayFiles.length).toBeGreaterThan(3);
    expect(overlayFiles).toEqual(overlayFiles.map((_, i) => (i === 0 ? "identities/imported/people.yaml" : `identities/imported/people-${String(i + 1).padStart(3, "0")}.yaml`)));
    expect(groupFiles.length).toBeGreaterThan(1);
    expect(first.written).toEqual(expect.arrayContaining([...overlayFiles, ...groupFiles]));
    for (const f of [...overlayFiles, ...groupFiles]) expect(Buffer.byteLength(readFileSync(join(dir, f), "utf8")), f).toBeLessThanOrEqual(BUDGET);
    // One overlay per person across the parts; the counts name entitlements, not group parts.
    expect(documents(dir, overlayFiles).map((d) => d.id)).toEqual(people.map((w) => w.login).sort());
    expect(first.counts.groups).toBe(3);

    // group:everyone (150 members) is too large for one file: several groups, one entitlement.
    const groups = documents(dir, groupFiles);
    const policy = documents(dir, ["policies/imported/local.yaml"])[0] as { entitlements: Array<{ group: string; entitlement: string }> };
    const everyone = policy.entitlements.filter((e) => e.entitlement === "group:everyone").map((e) => e.group);
    expect(everyone.length).toBeGreaterThan(1);
    expect(everyone[0]).toBe("local-group-everyone");
    expect(everyone.slice(1)).toEqual(everyone.slice(1).map((_, i) => `local-group-everyone-part-${i + 2}`));
    const members = groups.filter((g) => everyone.includes(g.id as string)).flatMap((g) => (g.members as Array<{ identity: string }>).map((m) => m.identity));
    expect(members).toEqual(people.map((w) => w.login).sort());
    expect((await plan(dir)).changes).toEqual([]);

    // Each part grants the entitlement: taking one person out of the last part plans exactly
    // their revoke, and no other group's members flap.
    const last = groupFiles.find((f) => readFileSync(join(dir, f), "utf8").includes(`id: ${everyone.at(-1)}\n`))!;
    const text = readFileSync(join(dir, last), "utf8");
    const removed = /id: local-group-everyone-part-\d+\n[^]*?  - identity: (\S+)\n    reason: imported 2026-12-02\n/.exec(text)![1]!;
    writeFile(dir, last, text.replace(`  - identity: ${removed}\n    reason: imported 2026-12-02\n`, ""));
    expect((await plan(dir)).changes.map((c) => `${c.action} ${c.identity} ${c.entitlement}`)).toEqual([`revoke ${removed} group:everyone`]);

    // The import rewrites the edited part; run again, it changes no byte.
    await run(dir, "local");
    const before = filesUnder(dir);
    const again = await run(dir, "local");
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual([]);
    expect(filesUnder(dir)).toEqual(before);

    // Fewer accounts: the parts no longer needed go, and what stays still loads and plans nothing.
    writeFile(dir, "directory.json", store("local", people.slice(0, 8)));
    const smaller = await run(dir, "local");
    expect(smaller.removed.sort()).toEqual([...overlayFiles, ...groupFiles].filter((f) => !f.endsWith("/people.yaml") && !f.endsWith("/groups.yaml")).sort());
    expect(parts(dir, "identities/imported", "people")).toEqual(["identities/imported/people.yaml"]);
    expect(parts(dir, "identities/imported/local", "groups")).toEqual(["identities/imported/local/groups.yaml"]);
    expect((await plan(dir)).changes).toEqual([]);
  });

  it("a second target's import reads the overlays back from every part, in the repository and in an --out folder", async () => {
    const people = workers(180);
    const dir = tempDir("scopesync-adopt-split-");
    writeFile(dir, "scopesync.yaml", configYaml("  local:\n    type: file\n    path: local.json\n  wiki:\n    type: file\n    path: wiki.json\n"));
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    // people[0..120] in local, people[60..180] in wiki: 60 hold an account in both.
    writeFile(dir, "local.json", store("local", people.slice(0, 120)));
    writeFile(dir, "wiki.json", store("wiki", people.slice(60)));
    const out = tempDir("scopesync-adopt-split-out-");
    for (const target of ["local", "wiki"]) {
      await run(dir, target);
      await run(dir, target, { out });
    }
    const overlayFiles = parts(dir, "identities/imported", "people");
    expect(overlayFiles.length).toBeGreaterThan(3);
    const overlays = documents(dir, overlayFiles) as Array<{ id: string; attributes: Record<string, unknown> }>;
    expect(overlays).toHaveLength(180);
    expect(overlays.filter((o) => o.attributes.localLogin && o.attributes.wikiLogin).map((o) => o.id)).toEqual(people.slice(60, 120).map((w) => w.login).sort());
    expect(overlays.filter((o) => o.attributes.localLogin)).toHaveLength(120);
    expect((await plan(dir)).changes).toEqual([]);
    // --out adds up the same way: the same files as in the repository.
    expect(filesUnder(out)).toEqual(new Map([...filesUnder(dir)].filter(([path]) => path.includes("imported/"))));

    // Re-importing the first target keeps the second's logins in every part: no byte changes.
    const before = filesUnder(dir);
    await run(dir, "local");
    expect(filesUnder(dir)).toEqual(before);
  });

  it("refuses for hand-written overlays with a count and the first few, not one line per person", async () => {
    const people = workers(12);
    const dir = tempDir("scopesync-adopt-split-");
    writeFile(dir, "scopesync.yaml", configYaml("  local:\n    type: file\n    path: directory.json\n"));
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    writeFile(dir, "directory.json", store("local", people));
    writeFile(dir, "identities/people.yaml", people.map((w) => `kind: Person\nid: ${w.login}\nattributes:\n  desk: "1"\n`).join("---\n"));
    const r = await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW]);
    expect(r.code).toBe(1);
    const line = r.stderr.split("\n")[0]!;
    expect(line).toMatch(/^error: import of "local" needs 12 hand-written overlays changed first: /);
    expect(line.match(/identities\/people\.yaml:\d+/g)).toHaveLength(5);
    expect(line.endsWith("; and 7 more")).toBe(true);
  });
});

describe("import of GitHub within a size budget per file", () => {
  let fake: GithubFake;
  let people: Worker[];
  beforeAll(async () => {
    people = workers(210, 3);
    fake = await startGithubFake();
    seedGithubOrg(fake.org, people, { members: 200, teams: 3, saml: true, teamShare: 0.4 });
  });
  afterEach(() => fake.assertNoViolations());
  afterAll(async () => {
    await fake?.close();
  });

  it("a team with maintainers split over several groups: every part privileged with the same owners; the plan changes nothing", async () => {
    const dir = tempDir("scopesync-adopt-split-gh-");
    writeFile(dir, "scopesync.yaml", configYaml(`  github:\n    type: github\n    org: acme-robotics\n    token: "\${env:GH_TOKEN}"\n    runAs: scopesync-bot\n    options: { baseUrl: "${fake.url}", saml: true, machineAccounts: "-bot$" }\n`));
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    const env = { GH_TOKEN: fake.token };
    await run(dir, "github", { env, budget: 2048 });
    const groupFiles = parts(dir, "identities/imported/github", "groups");
    for (const f of groupFiles) expect(Buffer.byteLength(readFileSync(join(dir, f), "utf8")), f).toBeLessThanOrEqual(2048);
    const groups = documents(dir, groupFiles) as Array<{ id: string; privileged?: boolean; owners?: string[]; members: unknown[] }>;
    const policy = documents(dir, ["policies/imported/github.yaml"])[0] as { entitlements: Array<{ group: string; entitlement: string; privileged?: boolean }> };
    const byEntitlement = new Map<string, string[]>();
    for (const e of policy.entitlements) byEntitlement.set(e.entitlement, [...(byEntitlement.get(e.entitlement) ?? []), e.group]);
    const team = byEntitlement.get("team:team-00")!;
    expect(team.length).toBeGreaterThan(1);
    const teamParts = groups.filter((g) => team.includes(g.id));
    expect(teamParts).toHaveLength(team.length);
    expect(teamParts[0]!.owners?.length).toBeGreaterThan(0);
    for (const g of teamParts) {
      expect(g.privileged).toBe(true);
      expect(g.owners).toEqual(teamParts[0]!.owners);
    }
    expect(policy.entitlements.filter((e) => team.includes(e.group)).every((e) => e.privileged === true)).toBe(true);
    expect((await plan(dir, env)).changes).toEqual([]);
  });
});
