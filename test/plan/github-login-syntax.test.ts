// A login GitHub cannot have (rv91 M1): a Cyrillic look-alike, full-width letters, `_` outside an
// Enterprise Managed Users org's `_shortcode`. validate names it at its line; plan refuses it
// (login-invalid, with its code points) and plans no invitation under it; and a person whose
// overlay changes their real login to a look-alike keeps the account under the real one.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();
const NOW = "2026-01-02T00:00:00Z";

/** The repro's repository: `scopesync init`, a GitHub target whose app policy logs in with githubLogin, three people in it. */
async function githubRepo(logins: Record<string, string>, options = ""): Promise<string> {
  const repo = join(temp("scopesync-ghlogin-"), "r");
  expect((await runCli(["init", repo])).code).toBe(0);
  editFile(join(repo, "scopesync.yaml"), (y) => y.replace("\ntargets:\n", `\ntargets:\n  github:\n    type: github\n    org: acme\n    token: "\${env:GH_TOKEN}"\n    state: state/github.json\n${options}`));
  writeFileSync(join(repo, "policies/apps/github.yaml"), [
    "kind: AppPolicy", "id: github", "target: github", "scope:", "  include:", "    - kinds: [person]", "      where: { department: Engineering }",
    "accounts:", "  login: githubLogin", "  onSuspended: keep", "entitlements:", "  - group: engineering", "    entitlement: team:engineering",
    "onLeaveScope: disable", "unmanagedAccounts: report", "",
  ].join("\n"));
  for (const [id, login] of Object.entries(logins)) writeFileSync(join(repo, "identities/people", `${id}.yaml`), `kind: Person\nid: ${id}\nattributes:\n  githubLogin: ${JSON.stringify(login)}\n`);
  editFile(join(repo, "exports/hr.csv"), (t) => t.replace("Contractor,Designer,Design", "Employee,Designer,Engineering"));
  writeFileSync(join(repo, "state/github.json"), JSON.stringify({ formatVersion: 1, target: "github", readAt: "2026-01-01T06:10:00Z", accounts: [], credentials: [] }));
  return repo;
}

async function plan(repo: string, now = NOW): Promise<Plan> {
  const r = await runCli(["plan", "--repo", repo, "--now", now, "--format", "json"]);
  return JSON.parse(r.stdout) as Plan;
}

describe("a GitHub login GitHub cannot have", () => {
  it("is a problem for validate at its line, and plan invites no one under it", async () => {
    const repo = await githubRepo({ "alex.doe": "\u0430lexdoe", "sam.roe": "\uff53\uff41\uff4d\uff52\uff4f\uff45", "kim.poe": "kim_poe" });
    const v = await runCli(["validate", "--repo", repo]);
    expect(v.code).toBe(1);
    const lines = v.stderr.split("\n").filter((l) => l.includes("(finding login-invalid)"));
    expect(lines.map((l) => l.split(" is no login")[0])).toEqual([
      'identities/people/alex.doe.yaml:4:16: githubLogin "\\u0430lexdoe"',
      'identities/people/kim.poe.yaml:4:16: githubLogin "kim_poe"',
      'identities/people/sam.roe.yaml:4:16: githubLogin "\\uff53\\uff41\\uff4d\\uff52\\uff4f\\uff45"',
    ]);
    const p = await plan(repo);
    expect(p.changes.filter((c) => c.target === "github")).toEqual([]);
    const refused = p.findings.filter((f) => f.rule === "login-invalid");
    expect(refused.map((f) => [f.identity, f.location])).toEqual([
      ["alex.doe", "identities/people/alex.doe.yaml:4:16"],
      ["kim.poe", "identities/people/kim.poe.yaml:4:16"],
      ["sam.roe", "identities/people/sam.roe.yaml:4:16"],
    ]);
    expect(refused[0]!.message).toContain('its login "\\u0430lexdoe"');
  });

  it("takes single inner hyphens, and an EMU org's _shortcode, and refuses the rest", async () => {
    const logins = { "alex.doe": "alex-doe", "sam.roe": "sam_acme", "kim.poe": "kim--poe" };
    let p = await plan(await githubRepo(logins));
    expect(p.findings.filter((f) => f.rule === "login-invalid").map((f) => f.identity)).toEqual(["kim.poe", "sam.roe"]);
    expect(p.changes.filter((c) => c.target === "github" && c.action === "create-account").map((c) => c.login)).toEqual(["alex-doe"]);
    p = await plan(await githubRepo({ ...logins, "kim.poe": "kim_a" }, "    options:\n      enterpriseManagedUsers: true\n"));
    expect(p.findings.filter((f) => f.rule === "login-invalid").map((f) => f.identity)).toEqual(["kim.poe"]);
  });

  it("from a source is refused in the plan, naming the source's record", async () => {
    const repo = await githubRepo({});
    editFile(join(repo, "policies/apps/github.yaml"), (t) => t.replace("login: githubLogin", "login: userName"));
    const p = await plan(repo);
    const refused = p.findings.filter((f) => f.rule === "login-invalid");
    expect(refused.length).toBeGreaterThan(0);
    for (const f of refused) {
      expect(f.identity).toContain(".");
      expect(f.remediation).toMatch(/^correct the login in hr/);
    }
    expect(p.changes.filter((c) => c.target === "github" && c.action === "create-account")).toEqual([]);
  });

  it("given in place of an admin's real login, leaves the real account alone", async () => {
    const dir = exampleForTest();
    const file = join(dir, "identities/people/ingrid.holm.yaml");
    editFile(file, (t) => t.replace("githubLogin: ingridh", 'githubLogin: "\u0456ngridh"'));
    expect(readFileSync(file, "utf8")).toContain("\u0456ngridh");
    const p = await plan(dir, EXAMPLE_NOW);
    expect(p.changes.filter((c) => c.target === "github" && (c.login === "ingridh" || c.identity === "account:ingridh" || c.identity === "ingrid.holm"))).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "login-invalid").map((f) => f.identity)).toEqual(["ingrid.holm"]);
    expect((await runCli(["validate", "--repo", dir])).code).toBe(1);
  });
});

describe("a capital look-alike GitHub login", () => {
  // "\u0410lexdoe" begins with a CYRILLIC CAPITAL LETTER A (U+0410), which reads as "Alexdoe".
  // Before, the skeleton folded small look-alikes only, so explain and identities wrote it raw.
  it("is refused, and shown with its code points in the plan, explain and identities", async () => {
    const repo = await githubRepo({ "alex.doe": "\u0410lexdoe" });
    const p = await plan(repo);
    expect(p.findings.filter((f) => f.rule === "login-invalid").map((f) => f.message)).toEqual([expect.stringContaining('its login "\\u0410lexdoe"')]);
    for (const args of [["explain", "alex.doe"], ["identities"], ["plan", "--format", "text"], ["plan", "--format", "markdown"]]) {
      const r = await runCli([...args, "--repo", repo, "--now", NOW]);
      expect(r.stdout.replace(/\\\\/g, "\\").replace(/&#92;/g, "\\"), args.join(" ")).toContain("\\u0410lexdoe");
      expect(r.stdout, args.join(" ")).not.toContain("\u0410");
    }
  });
});

describe("a login that reads as an ASCII one, in a target that takes it", () => {
  it("is shown with its code points in the plan's text and Markdown", async () => {
    const repo = join(temp("scopesync-lookalike-"), "r");
    expect((await runCli(["init", repo])).code).toBe(0);
    editFile(join(repo, "policies/apps/local.yaml"), (t) => t.replace("login: userName", "login: appLogin"));
    writeFileSync(join(repo, "identities/people/alex.doe.yaml"), 'kind: Person\nid: alex.doe\nattributes:\n  appLogin: "\u0430lexdoe"\n');
    writeFileSync(join(repo, "identities/people/sam.roe.yaml"), 'kind: Person\nid: sam.roe\nattributes:\n  appLogin: "\u0438\u0432\u0430\u043d"\n');
    for (const format of ["text", "markdown"]) {
      const r = await runCli(["plan", "--repo", repo, "--now", NOW, "--format", format]);
      const out = r.stdout.replace(/\\\\/g, "\\").replace(/&#92;/g, "\\");
      expect(out, format).toContain("\\u0430lexdoe");
      expect(out, format).not.toContain("\u0430lexdoe");
      // A login in another script reads as no ASCII one: shown as it is.
      expect(r.stdout, format).toMatch(/\u0438\u0432\u0430\u043d|&#1080;&#1074;&#1072;&#1085;/);
    }
  });
});
