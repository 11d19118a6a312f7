// The identities snapshot (`resolve --out`) goes to every shard job as an artifact, and
// `identities --format json` prints every identity whole: neither holds a secret-shaped value an
// export carried, not as a leaver's id (a key pasted into HR's UserID), an active person's login,
// nor a free-text attribute. The shards plan from the secret-free snapshot, and their merge is
// still the one-process plan byte for byte.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { engineeringFileRepo, type PolicyRepo } from "../apply/helpers/policy-repo.js";
import { shardAndMerge } from "../helpers/sharded-plan.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const LEAVER_KEY = ["ghp", "L34v3rT0kenValue0123456789abcdefABCD"].join("_");
const JOINER_KEY = ["ghp", "J01n3rT0kenValue0123456789abcdefABCD"].join("_");
const TITLE_KEY = ["sk", "live", "T1tl3T0kenValue0123456789abcdef"].join("-");
const NOW = "2026-11-26T09:00:00Z";
const leaks = [LEAVER_KEY, JOINER_KEY, TITLE_KEY].map((k) => new RegExp(k.slice(4, 24), "i"));

let repo: PolicyRepo | undefined;
let out: string | undefined;
afterEach(() => {
  repo?.cleanup();
  if (out) rmSync(out, { recursive: true, force: true });
});

function expectNoSecret(text: string, what: string): void {
  for (const leak of leaks) expect(text, what).not.toMatch(leak);
}

it("the snapshot and identities --format json hold no secret-shaped value, and the merged plan is the one-process plan", async () => {
  repo = engineeringFileRepo(
    [
      { worker: "W1", login: LEAVER_KEY, first: "Lee", email: "lee@corp.example", department: "Engineering", status: "Terminated" },
      { worker: "W2", login: "grace", department: "Engineering", title: `Engineer ${TITLE_KEY}` },
      { worker: "W3", login: JOINER_KEY, first: "Jo", email: "jo@corp.example", department: "Engineering" },
    ],
    ["displayName", "title"],
    [
      { id: "7", login: "old-name", externalId: "hr:W1", active: true, attributes: {}, entitlements: ["group:Engineering"] },
      { id: "8", login: "grace", externalId: "hr:W2", active: true, attributes: { title: "Engineer" }, entitlements: ["group:Engineering"] },
    ],
  );
  out = mkdtempSync(join(tmpdir(), "scopesync-snapshot-secret-"));
  const one = await repo.cli(["plan", "--format", "json"], {});
  expect(one.code, one.stderr).toBe(0);
  const sharded = await shardAndMerge(repo.dir, ["app"], out, "s", ["--now", NOW], ["--now", NOW]);
  expect(sharded.codes, sharded.stderr).toEqual([0, 0, 0]);
  const snapshot = readFileSync(join(out, "s.snapshot"), "utf8");
  expectNoSecret(snapshot, "the identities snapshot");
  // The leaver is in it by the name the plan gives them, and still a leaver.
  expect(snapshot).toMatch(/"identity":\{[^\n]*"id":"hr:W1"[^\n]*"status":"terminated"/);
  for (const file of sharded.files) expectNoSecret(readFileSync(file, "utf8"), file);
  expectNoSecret(sharded.json, "the merged plan");
  expectNoSecret(sharded.stderr, "what the commands said");
  expect(sharded.json).toContain('"identity": "hr:W1"');
  expect(sharded.json).toContain('"rule": "login-secret-shaped"');
  expect(sharded.json).toContain('"rule": "attribute-secret-shaped"');
  expect(sharded.json).toBe(one.stdout);

  const listed = await repo.cli(["identities", "--format", "json"], {});
  expect(listed.code, listed.stderr).toBe(0);
  expectNoSecret(listed.stdout + listed.stderr, "identities --format json");
  expect(listed.stdout).toContain('"id": "hr:W1"');
});
