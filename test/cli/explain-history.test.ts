// explain and the journal after a year (rv76 #3 and #5). A target renamed with formerNames (erp ->
// erp-eu): the journal's lines under the old name are the renamed target's, as the planner reads
// them, but explain matched lines by the target's name now and hid the offboarding it recorded.
// And explain showed only the lines since the state was read: after a re-pull, the evidence for
// someone who left long ago was a jq over the journal. `explain --history` shows every line that
// ends a change for them, under each target's name now, escaped, in the same order every time;
// for someone no source exports any more too.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { CONFIG, FILES, policy } from "../helpers/offboarding-repo.js";

const tempDir = tempDirs();
// The repository of offboarding-repo.ts (milton left; wiki is a file target), with erp renamed
// erp-eu (formerNames: [erp]) and made a SCIM app planned from a state file read on 2026-11-25 (a
// file target's file is the app itself, so no journal line is ever "since its read").
const NOW = "2026-12-06T09:00:00Z";
const RENAMED: Record<string, string> = {
  ...FILES,
  "scopesync.yaml": CONFIG.replace("  erp:\n    type: file\n    path: state/erp.json\n", "  erp-eu:\n    type: scim\n    url: https://erp.initech.example/scim/v2\n    token: \"${env:ERP_TOKEN}\"\n    state: state/erp.json\n    formerNames: [erp]\n"),
  "policies/apps/erp.yaml": policy("erp").replace("target: erp", "target: erp-eu"),
  "state/erp.json": JSON.stringify({ ...JSON.parse(FILES["state/erp.json"]!), readAt: "2026-11-25T06:10:00Z" }),
};

/** A journal line as apply writes it (model/journal-record.ts). */
function line(o: { at: string; target: string; action: string; identity: string; phase?: string; entitlement?: string; account?: string }): string {
  const { phase = "done", ...rest } = o;
  return JSON.stringify({
    run: `run-${o.at.slice(0, 10)}`, fingerprint: "sha256:aa", review: "unreviewed-revocation", replan: "sha256:bb", planTime: o.at, change: `c-${o.action}-${o.at}`,
    account: "3", login: o.identity, ...rest, why: "left the organisation", phase, ...(phase === "done" ? { outcome: "applied", attempts: 1 } : {}),
  });
}

function repo(journal: string[]): string {
  const dir = tempDir("scopesync-explain-history-");
  for (const [file, text] of Object.entries({ ...RENAMED, ".scopesync/journal.jsonl": `${journal.join("\n")}\n` })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const JOURNAL = [
  // Line 1: before the state's read, under a target since removed from scopesync.yaml; its entitlement carries an ANSI escape.
  line({ at: "2026-01-10T07:00:00.000Z", target: "wiki", action: "revoke", identity: "milton.waddams", entitlement: "group:\u001b[31mred", account: "w9" }),
  line({ at: "2026-11-02T07:00:00.000Z", target: "erp", action: "revoke", identity: "milton.waddams", entitlement: "group:finance", phase: "start" }),
  line({ at: "2026-11-02T07:00:00.000Z", target: "erp", action: "revoke", identity: "milton.waddams", entitlement: "group:finance" }),
  "null",
  line({ at: "2026-12-05T07:00:05.000Z", target: "erp", action: "disable-account", identity: "milton.waddams" }),
  line({ at: "2026-12-05T07:00:05.000Z", target: "erp", action: "disable-account", identity: "bill.lumbergh", account: "2" }),
  // A leaver no source exports any more, and who holds no account now.
  line({ at: "2026-03-03T07:00:00.000Z", target: "erp", action: "disable-account", identity: "gone.person", account: "7" }),
];

describe("explain and the journal under a renamed target's former name", () => {
  it("shows the lines recorded under the former name since the state's read", async () => {
    const dir = repo(JOURNAL);
    const r = await runCli(["explain", "milton.waddams", "--repo", dir, "--now", NOW], { cwd: dir, env: {} });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain([
      "  journal since that read (.scopesync/journal.jsonl):",
      "    2026-12-05T07:00:05.000Z disable-account: done, applied; unreviewed revocation, run run-2026-12-05 (.scopesync/journal.jsonl:5)",
    ].join("\n"));
    // The revoke of November came before the read; explain without --history leaves it to the state.
    // (The state read after it shows group:finance held again, so offboarding-undone cites that
    // line in the findings and the revoke's reason: only the list since the read is asked here.)
    const since = r.stdout.slice(r.stdout.indexOf("  journal since that read"));
    expect(since.slice(0, since.indexOf("  decision:"))).not.toContain("journal.jsonl:3)");
  });
});

describe("explain --history", () => {
  it("shows every line that ends a change for the identity, per target under its name now, escaped, the same every time", async () => {
    const dir = repo(JOURNAL);
    const r = await runCli(["explain", "milton.waddams", "--history", "--repo", dir, "--now", NOW], { cwd: dir, env: {} });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.slice(r.stdout.indexOf("journal history"))).toBe([
      "journal history (.scopesync/journal.jsonl): every change scopesync ended for milton.waddams, oldest first:",
      // Line 4 ("null") is no record: named, for the history is not whole without it.
      "  warning: .scopesync/journal.jsonl:4 is not a whole journal record (cut off by a kill or a full disk, or edited by hand), so not read: a line for milton.waddams may be among them",
      "  target erp-eu:",
      "    2026-11-02T07:00:00.000Z revoke group:finance: done, applied; unreviewed revocation, run run-2026-11-02 (.scopesync/journal.jsonl:3) [recorded under its former name erp]",
      "    2026-12-05T07:00:05.000Z disable-account: done, applied; unreviewed revocation, run run-2026-12-05 (.scopesync/journal.jsonl:5) [recorded under its former name erp]",
      "  target wiki:",
      "    2026-01-10T07:00:00.000Z revoke group:\\u001b[31mred: done, applied; unreviewed revocation, run run-2026-01-10 (.scopesync/journal.jsonl:1)",
      "",
    ].join("\n"));
    const again = await runCli(["explain", "milton.waddams", "--history", "--repo", dir, "--now", NOW], { cwd: dir, env: {} });
    expect(again.stdout).toBe(r.stdout);
  });

  it("answers for someone no source exports and no account holds any more; without --history, or with no line, they are still unknown", async () => {
    const dir = repo(JOURNAL);
    const r = await runCli(["explain", "gone.person", "--history", "--repo", dir, "--now", NOW], { cwd: dir, env: {} });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe([
      "gone.person: no identity or account in the plan now; what the journal records:",
      "",
      "journal history (.scopesync/journal.jsonl): every change scopesync ended for gone.person, oldest first:",
      // Line 4 ("null") is no record: named, for the history is not whole without it.
      "  warning: .scopesync/journal.jsonl:4 is not a whole journal record (cut off by a kill or a full disk, or edited by hand), so not read: a line for gone.person may be among them",
      "  target erp-eu:",
      "    2026-03-03T07:00:00.000Z disable-account: done, applied; unreviewed revocation, run run-2026-03-03 (.scopesync/journal.jsonl:7) [recorded under its former name erp]",
      "",
    ].join("\n"));
    const without = await runCli(["explain", "gone.person", "--repo", dir, "--now", NOW], { cwd: dir, env: {} });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('no identity or account "gone.person"');
    const nobody = await runCli(["explain", "nobody", "--history", "--repo", dir, "--now", NOW], { cwd: dir, env: {} });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('no identity or account "nobody"');
    // The journal's unreadable line 4 may have been theirs: said, not read past in silence.
    expect(nobody.stderr).toContain("the journal has no readable line for it, and .scopesync/journal.jsonl:4 is not a whole journal record (cut off by a kill or a full disk, or edited by hand), so not read: a line for nobody may be among them");
  });

  it("someone whose every journal line is unreadable: the lines are named by file:line, not 'no identity'; exit 1, as for bad input", async () => {
    // Cut off before its end (a kill during the write): no record, but it still names cut.person.
    const cut = (text: string) => text.slice(0, text.indexOf('"why"'));
    const dir = repo([...JOURNAL, cut(line({ at: "2026-04-04T07:00:00.000Z", target: "erp", action: "disable-account", identity: "cut.person", account: "8" })), cut(line({ at: "2026-04-04T07:00:01.000Z", target: "erp", action: "revoke", identity: "cut.person", entitlement: "group:finance", account: "8" }))]);
    const r = await runCli(["explain", "cut.person", "--history", "--repo", dir, "--now", NOW], { cwd: dir, env: {} });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe([
      'error: no identity or account "cut.person" in the plan now, and the journal names cut.person only in lines it cannot read: .scopesync/journal.jsonl:8, .scopesync/journal.jsonl:9 are not a whole journal record (cut off by a kill or a full disk, or edited by hand), so not read; .scopesync/journal.jsonl:4 is not a whole journal record (cut off by a kill or a full disk, or edited by hand), so not read: a line for cut.person may be among them',
      '  fix: each line of the journal is one JSON record as apply wrote it (docs/formats.md, "The apply journal"): restore those lines from the journal artifact the workflows kept, or repair them by hand, then run scopesync explain cut.person --history again',
      "",
    ].join("\n"));
  });
});
