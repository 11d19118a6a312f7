// Sharded planning of a leaver whose id is a secret (an API key pasted into HR's UserID): the shard
// files `plan --target` writes are read by another job (the workflows upload them as artifacts), so
// they name the leaver by the anchor as the plan does, never by the key; `plan merge` gives the
// identity its id back in memory to decide, and the merged plan is the one-process plan.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { engineeringFileRepo, type PolicyRepo } from "../apply/helpers/policy-repo.js";
import { shardAndMerge } from "../helpers/sharded-plan.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const SECRET = ["ghp", "L34v3rT0kenValue0123456789abcdefABCD"].join("_");
const NOW = "2026-11-26T09:00:00Z";

let repo: PolicyRepo | undefined;
let out: string | undefined;
afterEach(() => {
  repo?.cleanup();
  if (out) rmSync(out, { recursive: true, force: true });
});

it("shard files do not hold a leaver's secret-shaped id, and the merged plan is the one-process plan", async () => {
  repo = engineeringFileRepo(
    [{ worker: "W1", login: SECRET, first: "Lee", email: "lee@corp.example", department: "Engineering", status: "Terminated" }, { worker: "W2", login: "grace", department: "Engineering" }],
    ["displayName"],
    [{ id: "7", login: "old-name", externalId: "hr:W1", active: true, attributes: {}, entitlements: ["group:Engineering"] }],
  );
  out = mkdtempSync(join(tmpdir(), "scopesync-shard-secret-"));
  const one = await repo.cli(["plan", "--format", "json"], {});
  expect(one.code, one.stderr).toBe(0);
  const sharded = await shardAndMerge(repo.dir, ["app"], out, "s", ["--now", NOW], ["--now", NOW]);
  expect(sharded.codes, sharded.stderr).toEqual([0, 0, 0]);
  const leak = new RegExp(SECRET.slice(4, 24), "i");
  for (const file of sharded.files) expect(readFileSync(file, "utf8"), file).not.toMatch(leak);
  expect(sharded.json).not.toMatch(leak);
  expect(sharded.json).toContain('"identity": "hr:W1"');
  expect(sharded.json).toBe(one.stdout);
});
