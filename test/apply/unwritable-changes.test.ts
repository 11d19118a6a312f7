// Apply sends no value the planner would never plan: one that looks like a secret, or the text a
// snapshot or state file holds in place of one ("(a value not shown: …)"). A plan made by an
// earlier version (which planned a snapshot's hidden title as if it were the title) or edited by
// hand is carried out by the real runner against the file target: such a change is refused before
// it is sent, reported failed with why (never the value) and journalled; the rest apply.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Journal } from "../../src/apply/journal.js";
import { preflightTargets } from "../../src/apply/preflight.js";
import { DEFAULT_RETRY } from "../../src/apply/retry.js";
import { runApply } from "../../src/apply/runner.js";
import { changeId, type Change } from "../../src/model/change.js";
import { createFileConnector } from "../../src/targets/file/index.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const TOKEN = ["xoxb", "2048", "9f8e7d6c5b4a"].join("-");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function create(identity: string, attributes: Record<string, string>, login = identity): Change {
  return {
    id: changeId("app", "create-account", identity), target: "app", action: "create-account", identity, login, anchor: `hr:${identity}`, origin: "source", reason: "joiner", privileged: false, evidence: [],
    attributes: { ...Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { from: null, to: v }])), externalId: { from: null, to: `hr:${identity}` } },
  };
}

describe("apply and values no plan may write", () => {
  it("refuses a change that would write a hidden value's text or a secret, and applies the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scopesync-unwritable-"));
    dirs.push(dir);
    writeFileSync(join(dir, "app.json"), JSON.stringify({ formatVersion: 1, accounts: [], credentials: [] }));
    const connectors = new Map([["app", createFileConnector({ type: "file", path: "app.json" } as never, { name: "app", repoDir: dir, env: {} })]]);
    const changes = [
      create("ada", { title: "(a value not shown: it looks like a secret, GitHub token)" }),
      create("alan", { title: `Engineer ${TOKEN}` }),
      create("ken", {}, "(a value not shown: it looks like a secret, github token)"),
      create("grace", { title: "Engineer" }),
    ];
    const { refused } = await preflightTargets(connectors, changes);
    expect([...refused.keys()].map((c) => c.identity)).toEqual(["ada", "alan", "ken"]);
    expect(refused.get(changes[0]!)!.message).toBe('target "app": create-account ada would write a title that looks like a secret (GitHub token), or the text a snapshot or state file shows in place of one; it is not sent');
    expect(refused.get(changes[2]!)!.message).toContain("would write a login that looks like a secret (github token)");
    const journal = new Journal(join(dir, "journal.jsonl"));
    const { results } = await runApply({ changes, connectors, journal, run: "run-1", fingerprint: "sha256:reviewed", replan: "sha256:replan", planTime: 0, review: () => "reviewed", concurrency: 2, retry: DEFAULT_RETRY, timing: { sleep: async () => {}, random: () => 0 }, clock: Date.now, refused });
    expect(results.map((r) => `${r.change.identity} ${r.status}`).sort()).toEqual(["ada failed", "alan failed", "grace applied", "ken failed"]);
    const app = readFileSync(join(dir, "app.json"), "utf8");
    expect(JSON.parse(app).accounts.map((a: { login: string }) => a.login)).toEqual(["grace"]);
    expect(app + readFileSync(join(dir, "journal.jsonl"), "utf8")).not.toContain(TOKEN.slice(5));
  });
});
