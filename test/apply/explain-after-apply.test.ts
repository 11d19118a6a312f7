// `explain` after an apply, against the scimmy SCIM server (rv69 #1). The committed state file was
// read before the leaver's offboarding was applied; explain showed that file's account ("active,
// holds group:Engineering") and the offboarding "planned", with no word that the view was a saved
// state or how old, while the journal recorded both changes done. Now the account line names the
// state file, when it was read and its age; the journal's lines for the identity since that read
// are shown under it (time, change, result, review, file:line), each planned change the journal
// records done says so, and --live reads the target itself, as plan --live does.
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import type { Person } from "./helpers/policy-repo.js";
import { scimEngineering } from "./helpers/scim-engineering.js";
import { scimView, user } from "./helpers/scim-state.js";

const base: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];
const scim = scimEngineering(base);

describe("explain after an apply the saved state predates", () => {
  it("names the state file and its age, shows the journal's lines since its read, and marks each planned change the journal records done", async () => {
    expect((await scim.repo().cli(["apply", "--auto-approve"], scim.env())).code).toBe(0);
    // The state committed before the leaver's offboarding, pulled as a scheduled job does (no
    // --now): its readAt is the wall clock, as every journal line's `at` is.
    expect((await runCli(["state", "pull", "--repo", scim.repo().dir], { env: scim.env(), cwd: scim.repo().dir })).code).toBe(0);
    const readAt = (JSON.parse(scim.repo().read("state/crm.json")) as { readAt: string }).readAt;
    scim.repo().setPeople(base.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
    await scim.repo().plan(scim.env(), "reviewed.json");
    const applied = await scim.repo().cli(["apply", "--plan", "reviewed.json"], scim.env());
    expect(applied.code, applied.stderr).toBe(0);
    const linus = user(await scimView(scim.server()), "linus")!;
    expect(linus.active).toBe(false);

    const later = new Date(Date.parse(readAt) + 7 * 86_400_000 + 3_600_000).toISOString();
    const r = await runCli(["explain", "linus", "--app", "crm", "--repo", scim.repo().dir, "--now", later], { env: scim.env(), cwd: scim.repo().dir });
    expect(r.code, r.stderr).toBe(0);
    const journal = scim.repo().read(".scopesync/journal.jsonl").split("\n");
    const lineOf = (action: string) => journal.findIndex((l) => l.includes('"phase":"done"') && l.includes(`"action":"${action}"`) && l.includes('"identity":"linus"') && !l.includes('"review":"auto-approved"')) + 1;
    const at = (action: string) => (JSON.parse(journal[lineOf(action) - 1]!) as { at: string }).at;
    const fingerprint = (JSON.parse(scim.repo().read("reviewed.json")) as { fingerprint: string }).fingerprint;

    // What the account line says is the state file's, and how old that is at --now.
    expect(r.stdout).toContain(`  account now (in state/crm.json, read at ${readAt}, state 7 d old): linus (id ${linus.id}), active, linked by externalId hr:W4; holds group:Engineering\n`);
    // What the journal records since, line by line, and what that means for the view.
    expect(r.stdout).toContain([
      "  journal since that read (.scopesync/journal.jsonl):",
      `    ${at("revoke")} revoke group:Engineering: done, applied; reviewed plan ${fingerprint}, run ${runOf(journal, lineOf("revoke"))} (.scopesync/journal.jsonl:${lineOf("revoke")})`,
      `    ${at("disable-account")} disable-account: done, applied; reviewed plan ${fingerprint}, run ${runOf(journal, lineOf("disable-account"))} (.scopesync/journal.jsonl:${lineOf("disable-account")})`,
      "    the account above, and what is planned, come from state/crm.json as it was read then, and these lines may have changed it since: scopesync state pull --target crm, or explain --live, shows the account as it is now",
    ].join("\n"));
    // The planned changes the journal records done no longer read as still to do.
    expect(r.stdout).toContain(`    disable-account (source): left the organisation on 2026-11-20 (status terminated in hr); the journal records it done at ${at("disable-account")} (.scopesync/journal.jsonl:${lineOf("disable-account")})\n`);
    expect(r.stdout).toContain(`    revoke group:Engineering (source): left the organisation on 2026-11-20 (status terminated in hr); the journal records it done at ${at("revoke")} (.scopesync/journal.jsonl:${lineOf("revoke")})\n`);
    // Another identity's lines are not this one's, and the joiner apply before the read is not "since" it.
    expect(r.stdout).not.toContain("ada");
    expect(r.stdout).not.toContain("auto-approved");
  }, 60_000);

  it("--live reads the target: the account as it is, nothing planned, and no journal lines to reconcile", async () => {
    expect((await scim.repo().cli(["apply", "--auto-approve"], scim.env())).code).toBe(0);
    expect((await scim.repo().cli(["state", "pull"], scim.env())).code).toBe(0);
    scim.repo().setPeople(base.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
    await scim.repo().plan(scim.env(), "reviewed.json");
    expect((await scim.repo().cli(["apply", "--plan", "reviewed.json"], scim.env())).code).toBe(0);

    const r = await scim.repo().cli(["explain", "linus", "--app", "crm", "--live"], scim.env());
    expect(r.code, r.stderr).toBe(0);
    const linus = user(await scimView(scim.server()), "linus")!;
    expect(r.stdout).toContain(`  account now (read live): linus (id ${linus.id}), disabled, linked by externalId hr:W4; holds nothing\n`);
    expect(r.stdout).toContain("  planned: nothing\n");
    expect(r.stdout).not.toContain("journal since");
  }, 60_000);
});

function runOf(journal: readonly string[], line: number): string {
  return (JSON.parse(journal[line - 1]!) as { run: string }).run;
}
