// A safety override is reviewed for one plan (a layoff's leavers). Left in scopesync.yaml it must
// not let a later mass offboarding through unreviewed (rv75: a truncated export two days on
// disabled 15 people under the layoff's `allow: 20`): it lets through the identities it names, in
// apply only what the reviewed plan used it for, and one that names none is used up once applied.
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/model/change.js";
import type { ProjectConfig, SafetyOverride } from "../../src/model/documents.js";
import type { TargetState } from "../../src/model/target-state.js";
import { setDigest } from "../../src/model/override-binding.js";
import { reviewedOverrides, targetLimits, type OverrideBinding } from "../../src/plan/safety.js";

const NOW = Date.parse("2026-12-03T09:00:00Z");
const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `p${String(from + i).padStart(3, "0")}`);
const state: TargetState = {
  formatVersion: 1, target: "app", readAt: "2026-12-03T06:00:00Z", credentials: [],
  accounts: ids(1, 100).map((login) => ({ id: login, login, active: true, attributes: {}, entitlements: [] })),
};
const disables = (who: string[]): Change[] => who.map((identity) => ({ id: `d-${identity}`, target: "app", action: "disable-account", identity, login: identity, reason: "left" }) as Change);
const config = (override: SafetyOverride): ProjectConfig => ({ targets: { app: { type: "file" } }, safety: { default: { disables: { count: 10 } }, overrides: [override] } }) as unknown as ProjectConfig;
const layoff = ids(81, 100);
const truncated = ids(1, 15);
const limits = (changes: Change[], override: SafetyOverride, binding?: OverrideBinding) => targetLimits("app", changes, state, config(override), undefined, NOW, false, undefined, binding);

describe("a safety override lets through only what it was reviewed for", () => {
  const bound: SafetyOverride = { target: "app", limit: "disables", allow: 20, identities: setDigest(layoff), reason: "RIF", expiresAt: "2026-12-08" };

  it("one naming the layoff's identities passes the layoff and records them", () => {
    const r = limits(disables(layoff), bound);
    expect(r.blockedReasons).toEqual([]);
    expect(r.overrides).toEqual([{ target: "app", limit: "disables", allow: 20, reason: "RIF", identities: setDigest(layoff), expiresAt: "2026-12-08" }]);
  });

  it("blocks a later plan whose limit counts other identities, under its allow, and says why", () => {
    const r = limits(disables(truncated), bound);
    expect(r.overrides).toEqual([]);
    expect(r.blockedReasons).toHaveLength(1);
    expect(r.blockedReasons[0]).toContain("safety.overrides[0] (allow 20) does not count: it names other identities");
    expect(r.blockedReasons[0]).toContain(`identities: "${setDigest(truncated)}", reason: "…", expiresAt: "2026-12-10" }`);
  });

  it("in apply, lets through the reviewed plan's identities or fewer of them (a run cut off), never others", () => {
    const reviewed = reviewedOverrides({ overrides: [{ target: "app", limit: "disables", allow: 20, reason: "RIF", identities: setDigest(layoff) }], changes: disables(layoff), fingerprint: "sha256:rif" });
    expect(limits(disables(layoff.slice(0, 12)), bound, { reviewed }).blockedReasons).toEqual([]);
    const other = limits(disables([...layoff.slice(0, 5), ...truncated]), bound, { reviewed }).blockedReasons;
    expect(other[0]).toContain("the reviewed plan used it for 20 identities, and 15 of these are not among them (p001, p002, p003, …)");
  });

  it("in the daily sync's apply (an empty reviewed plan), one naming no identities lets nothing through", () => {
    const legacy: SafetyOverride = { target: "app", limit: "disables", allow: 20, reason: "RIF" };
    expect(limits(disables(truncated), legacy, { reviewed: [] }).blockedReasons[0]).toContain("the reviewed plan did not use it");
  });

  it("one naming no identities counts until the journal shows a reviewed plan over the limit applied with it", () => {
    const legacy: SafetyOverride = { target: "app", limit: "disables", allow: 20, reason: "RIF" };
    expect(limits(disables(layoff), legacy).blockedReasons).toEqual([]);
    // Applied reviewed plans under the limit (the usual leaver or two) do not use it up.
    const small = { fingerprint: "sha256:small", actions: { "disable-account": 2 }, line: ".scopesync/journal.jsonl:4" };
    expect(limits(disables(layoff), legacy, { applied: [small] }).blockedReasons).toEqual([]);
    const big = { fingerprint: "sha256:rif", actions: { "disable-account": 20, revoke: 20 }, line: ".scopesync/journal.jsonl:80" };
    const r = limits(disables(truncated), legacy, { applied: [small, big] });
    expect(r.overrides).toEqual([]);
    expect(r.blockedReasons[0]).toContain("apply already carried out a reviewed plan over this limit with it (.scopesync/journal.jsonl:80): it is used up");
  });

  // rv79: the PR's plan of a second layoff was made without the journal and used the override
  // again; apply's re-plan, which has the journal, refuses it. Resuming the first plan is not a second.
  it("in apply, one naming no identities that another applied reviewed plan used up lets nothing through; a resumed run of the same plan goes on", () => {
    const legacy: SafetyOverride = { target: "app", limit: "disables", allow: 20, reason: "RIF" };
    const first = { fingerprint: "sha256:rif", actions: { "disable-account": 20 }, line: ".scopesync/journal.jsonl:80" };
    const second = reviewedOverrides({ overrides: [{ target: "app", limit: "disables", allow: 20, reason: "RIF" }], changes: disables(truncated), fingerprint: "sha256:second" });
    const r = limits(disables(truncated), legacy, { reviewed: second, applied: [first] });
    expect(r.overrides).toEqual([]);
    expect(r.blockedReasons[0]).toContain("safety.overrides[0] (allow 20) does not count: it names no identities, and apply already carried out another reviewed plan over this limit with it (.scopesync/journal.jsonl:80): it is used up");
    const resumed = reviewedOverrides({ overrides: [{ target: "app", limit: "disables", allow: 20, reason: "RIF" }], changes: disables(layoff), fingerprint: "sha256:rif" });
    expect(limits(disables(layoff.slice(8)), legacy, { reviewed: resumed, applied: [{ ...first, actions: { "disable-account": 8 } }] }).blockedReasons).toEqual([]);
    expect(limits(disables(layoff.slice(8)), legacy, { reviewed: resumed, applied: [first] }).blockedReasons).toEqual([]);
  });
});

describe("validate: an override that names its identities must expire", () => {
  it("refuses one without expiresAt at file:line:col, saying why", async () => {
    const { appendFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { copyFixture, FIXTURES, runCli } = await import("../helpers/run-cli.js");
    const repo = copyFixture(join(FIXTURES, "minimal"));
    try {
      appendFileSync(join(repo.dir, "scopesync.yaml"), `safety:\n  overrides:\n    - { target: local, limit: disables, allow: 20, identities: "${setDigest(layoff)}", reason: "RIF" }\n`);
      const r = await runCli(["validate", "--repo", repo.dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('scopesync.yaml:20:52: safety.overrides[0] has "identities" without "expiresAt"');
      expect(r.stderr).toContain("fix: An override that names its identities must expire");
    } finally {
      repo.cleanup();
    }
  });
});
