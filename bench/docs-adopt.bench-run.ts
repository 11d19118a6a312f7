import { mkdtempSync, readFileSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "vitest";
import { startGithubFake, samlOf } from "../test/servers/github-fake/index.js";
import { startScimServer } from "../test/servers/scim-server.js";
import { runCli } from "../test/helpers/run-cli.js";
import { hrCsv, writeFile, type Worker } from "../test/adopt/org-fixtures.js";

const W = (id: number, login: string, given: string, family: string, department: string): Worker => ({ workerId: `W${id}`, login, given, family, email: `${login}@acme.example`, department, status: "Active" });
const people: Worker[] = [
  W(1001, "ada.lovelace", "Ada", "Lovelace", "Platform"), W(1002, "alan.turing", "Alan", "Turing", "Platform"), W(1003, "grace.hopper", "Grace", "Hopper", "Engineering"),
  W(1004, "edsger.dijkstra", "Edsger", "Dijkstra", "Engineering"), W(1005, "barbara.liskov", "Barbara", "Liskov", "Engineering"), W(1006, "ken.thompson", "Ken", "Thompson", "Security"),
  W(1007, "margaret.hamilton", "Margaret", "Hamilton", "Sales"), W(1008, "john.backus", "John", "Backus", "Sales"), W(1009, "frances.allen", "Frances", "Allen", "Finance"),
  W(1010, "donald.knuth", "Donald", "Knuth", "Engineering"),
];

it("docs", async () => {
  const out: string[] = [];
  const log = (cmd: string, r: { stdout: string; stderr: string; code: number }) => out.push(`$ ${cmd}\n${r.stdout}${r.stderr}[exit ${r.code}]\n`);
  const gh = await startGithubFake({ org: "acme" });
  const o = gh.org;
  const logins: Record<string, string> = { "ada.lovelace": "adal", "alan.turing": "aturing", "grace.hopper": "ghopper", "edsger.dijkstra": "ewd", "barbara.liskov": "bliskov", "ken.thompson": "kthompson" };
  o.addMember("adal", "admin");
  for (const l of ["aturing", "ghopper", "ewd", "bliskov", "kthompson", "old-intern", "deploy-bot"]) o.addMember(l);
  o.invite("dknuth");
  for (const [slug, members] of Object.entries({ engineering: ["ghopper", "ewd", "bliskov", "adal", "aturing"], platform: ["adal", "aturing", "deploy-bot"], "platform-oncall": ["aturing"], security: ["kthompson"] })) {
    o.addTeam(slug);
    members.forEach((m, i) => o.addTeamMember(slug, m, i === 0 && slug !== "platform-oncall" ? "maintainer" : "member"));
  }
  o.addTeamMember("platform", "aturing"); // listed in the parent as GitHub lists a child team's members
  o.addDeployKey("infra", "terraform apply", "aturing");
  o.addPatGrant("ewd", "release-notes");
  const saml = samlOf(o);
  saml.enabled = true;
  for (const [hr, gl] of Object.entries(logins)) saml.identities.push({ login: gl, saml: { nameId: `${hr}@acme.example`, emails: [`${hr}@acme.example`] } });
  const crm = await startScimServer();
  await crm.seed({
    users: [
      { userName: "margaret.hamilton@acme.example", externalId: "W1007", displayName: "Margaret Hamilton", emails: [{ value: "margaret.hamilton@acme.example", primary: true }] },
      { userName: "jbackus", displayName: "John Backus", emails: [{ value: "john.backus@acme.example", primary: true }] },
      { userName: "frances.allen", displayName: "Frances Allen" },
      { userName: "sales-shared@acme.example", displayName: "Sales shared login" },
    ],
    groups: [{ displayName: "Sales", members: ["margaret.hamilton@acme.example", "jbackus", "sales-shared@acme.example"] }, { displayName: "Finance", members: ["frances.allen"] }],
  });
  const cwd = mkdtempSync(join(tmpdir(), "adopt-doc-"));
  const env = { GITHUB_TOKEN: gh.token, CRM_SCIM_TOKEN: crm.token };
  log("scopesync init acme-access", await runCli(["init", "acme-access"], { cwd, env }));
  const repo = join(cwd, "acme-access");
  const config = readFileSync(join(repo, "scopesync.yaml"), "utf8")
    .replace("organisation: example", "organisation: acme")
    .replace("targets:\n", `targets:\n  github:\n    type: github\n    org: acme\n    token: "\${env:GITHUB_TOKEN}"\n    state: state/github.json\n    maxStateAge: 1d\n    options:\n      baseUrl: ${gh.url}\n      saml: true\n      machineAccounts: "-bot$"\n  crm:\n    type: scim\n    url: ${crm.url}\n    token: "\${env:CRM_SCIM_TOKEN}"\n    state: state/crm.json\n    maxStateAge: 1d\n`);
  writeFileSync(join(repo, "scopesync.yaml"), config);
  writeFile(repo, "exports/hr.csv", hrCsv(people));
  const rel = { cwd: repo, env };
  log("scopesync import --target github --now 2026-12-02T08:00:00Z", await runCli(["import", "--target", "github", "--now", "2026-12-02T08:00:00Z"], rel));
  log("scopesync import --target crm --now 2026-12-02T08:00:00Z", await runCli(["import", "--target", "crm", "--now", "2026-12-02T08:00:00Z"], rel));
  log("scopesync validate", await runCli(["validate"], rel));
  log("scopesync plan --now 2026-12-02T08:05:00Z", await runCli(["plan", "--now", "2026-12-02T08:05:00Z"], rel));
  out.push("---- proposals\n" + readFileSync(join(repo, "imported/github/link-proposals.yaml"), "utf8"));
  out.push("---- crm proposals\n" + readFileSync(join(repo, "imported/crm/link-proposals.yaml"), "utf8"));
  out.push("---- groups\n" + readFileSync(join(repo, "identities/imported/github/groups.yaml"), "utf8"));
  out.push("---- people\n" + readFileSync(join(repo, "identities/imported/github/people.yaml"), "utf8"));
  out.push("---- nhis\n" + readFileSync(join(repo, "identities/imported/github/service-accounts.yaml"), "utf8"));
  out.push("---- policy\n" + readFileSync(join(repo, "policies/imported/github.yaml"), "utf8"));
  // answers
  const p = readFileSync(join(repo, "imported/github/link-proposals.yaml"), "utf8")
    .replace(/(login: old-intern\n(?:.*\n)*?    answer: )""/, "$1ignore")
    .replace(/(login: dknuth\n(?:.*\n)*?    answer: )""/, "$1donald.knuth")
    .replace(/(nhi: github-deploy-bot\n    owner: )""/, "$1alan.turing")
    .replace(/(nhi: github-deploy-key-infra-\d+\n    owner: )""/, "$1alan.turing")
    .replace(/(nhi: github-token-grant-\d+\n    owner: )""/, "$1edsger.dijkstra");
  writeFileSync(join(repo, "imported/github/link-proposals.yaml"), p);
  const c = readFileSync(join(repo, "imported/crm/link-proposals.yaml"), "utf8").replace(/(login: sales-shared@acme.example\n(?:.*\n)*?    answer: )""/, "$1ignore");
  writeFileSync(join(repo, "imported/crm/link-proposals.yaml"), c);
  out.push("---- answered\n" + p);
  log("scopesync import --target github --now 2026-12-02T08:00:00Z", await runCli(["import", "--target", "github", "--now", "2026-12-02T08:00:00Z"], rel));
  log("scopesync import --target crm --now 2026-12-02T08:00:00Z", await runCli(["import", "--target", "crm", "--now", "2026-12-02T08:00:00Z"], rel));
  log("scopesync plan --now 2026-12-02T08:05:00Z", await runCli(["plan", "--now", "2026-12-02T08:05:00Z"], rel));
  log("scopesync plan --format markdown --now 2026-12-02T08:05:00Z", await runCli(["plan", "--format", "markdown", "--now", "2026-12-02T08:05:00Z"], rel));
  log("scopesync state pull --now 2026-12-03T07:00:00Z", await runCli(["state", "pull", "--now", "2026-12-03T07:00:00Z"], rel));
  log("scopesync plan --now 2026-12-04T09:00:00Z", await runCli(["plan", "--now", "2026-12-04T09:00:00Z"], rel));
  writeFileSync("/tmp/h12-docs.out", out.join("\n"));
  cpSync(repo, "/tmp/h12-docs-repo", { recursive: true });
  gh.assertNoViolations();
  await gh.close();
  await crm.stop();
}, 120_000);
