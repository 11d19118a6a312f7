// The real CLI (bin/scopesync.js → dist/) applies a reviewed plan against the SCIM server, which
// answers every request slowly so the run is mid-way; once the journal shows some finished
// changes, the process is SIGKILLed. The next apply of the same reviewed plan says which changes
// were cut off, re-checks them, converges (drift 0) and duplicates nothing. A third run no
// longer reports them. Needs `npm run build` (npm test does it).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JournalRecord } from "../../src/apply/journal.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView } from "./helpers/scim-state.js";

const BIN = fileURLToPath(new URL("../../bin/scopesync.js", import.meta.url));
const DIST = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const PEOPLE = 60;

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;
const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({ worker: `K${100 + i}`, login: `kim${String(i).padStart(2, "0")}`, department: i % 2 ? "Engineering" : "Sales" }));

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error("dist/ is missing: run npm run build first (npm test does)");
  server = await startScimServer();
  env = { SCIM_TOKEN: server.token };
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 10_000, maxConcurrency: 4 } },
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }, { id: "sales", departments: ["Sales"] }],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      entitlements: [
        { group: "engineering", entitlement: "group:Engineering" },
        { group: "sales", entitlement: "group:Sales" },
      ],
    },
  });
  await server.seed({ groups: [{ displayName: "Engineering" }, { displayName: "Sales" }] });
});
afterAll(async () => {
  repo?.cleanup();
  await server?.stop();
});

function journal(): JournalRecord[] {
  const path = join(repo.dir, ".scopesync/journal.jsonl");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim()).flatMap((l) => {
    try {
      return [JSON.parse(l) as JournalRecord];
    } catch {
      return []; // the line being written when the kill landed
    }
  });
}

/** Starts `scopesync apply --plan` as a child; SIGKILLs it once `doneAtLeast` changes are journalled done. */
function applyAndKill(doneAtLeast: number): Promise<{ signal: NodeJS.Signals | null; code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "apply", "--plan", "reviewed.json", "--repo", repo.dir, "--now", NOW], { cwd: repo.dir, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const poll = setInterval(() => {
      if (journal().filter((r) => r.phase === "done").length >= doneAtLeast) {
        clearInterval(poll);
        child.kill("SIGKILL");
      }
    }, 10);
    child.once("error", (e) => {
      clearInterval(poll);
      reject(e);
    });
    child.once("exit", (code, signal) => {
      clearInterval(poll);
      resolve({ signal, code, output });
    });
  });
}

describe("apply killed mid-run", () => {
  it("the next run reports the cut-off changes, converges and duplicates nothing", async () => {
    const { plan } = await repo.plan(env);
    expect(plan.changes).toHaveLength(PEOPLE * 2);
    // Every SCIM answer takes 40 ms: with 4 lanes, each change (lookup + write) is in flight
    // for ≥ 80 ms, so at any instant up to 4 changes have a "start" and no "done" yet.
    await server.inject({ rateSlow: 1, slowMs: 40 });

    const killed = await applyAndKill(12);
    expect(killed.signal, killed.output).toBe("SIGKILL");
    const records = journal();
    const done = new Set(records.filter((r) => r.phase === "done").map((r) => r.change));
    const open = [...new Set(records.filter((r) => r.phase === "start" && !done.has(r.change)).map((r) => r.change))];
    expect(done.size).toBeGreaterThanOrEqual(12);
    expect(done.size).toBeLessThan(plan.changes.length);
    // Deterministic enough: the kill lands while lanes wait for slow answers (see above).
    expect(open.length).toBeGreaterThan(0);

    await server.inject({});
    const second = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(second.code, second.stderr).toBe(0);
    const notes = second.stderr.split("\n").filter((l) => l.startsWith("note: a previous run was cut off while applying"));
    expect(notes).toHaveLength(open.length);
    const byId = new Map(plan.changes.map((c) => [c.id, c]));
    for (const id of open) {
      const c = byId.get(id)!;
      expect(notes).toContain(`note: a previous run was cut off while applying ${c.action} for ${c.identity} on crm; it is re-checked now`);
    }
    // The reviewed changes that the killed run finished are no longer needed; the rest are
    // applied. A cut-off change may have reached the app before the kill (no "done" written): it
    // is no longer needed either, so the count lies between these bounds.
    const toApply = Number(/: (\d+) reviewed change\(s\) to apply/.exec(second.stdout)?.[1]);
    expect(toApply).toBeLessThanOrEqual(plan.changes.length - done.size);
    expect(toApply).toBeGreaterThanOrEqual(plan.changes.length - done.size - open.length);
    expect(second.stdout).toContain(`applied ${toApply}, already in place 0, failed 0, skipped 0, held back 0`);
    expect(second.stdout).not.toContain("held back (not reviewed)");

    const view = await scimView(server);
    expect(view.users.map((u) => u.userName)).toEqual(people.map((p) => p.login));
    expect(view.users.map((u) => u.externalId)).toEqual(people.map((p) => `hr:${p.worker}`));
    expect(view.groups.Engineering).toEqual(people.filter((p) => p.department === "Engineering").map((p) => p.login));
    expect(view.groups.Sales).toEqual(people.filter((p) => p.department === "Sales").map((p) => p.login));
    for (const ids of Object.values(view.memberIds)) expect(new Set(ids).size).toBe(ids.length);
    expect((await repo.cli(["drift"], env)).code).toBe(0);

    // Re-checked once is enough: the next run of the same plan has nothing cut off to report.
    const third = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(third.code).toBe(0);
    expect(third.stderr).toBe("");
    expect(third.stdout).toContain("applied 0, already in place 0, failed 0, skipped 0, held back 0");
  });
});
