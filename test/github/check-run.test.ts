// The "scopesync plan" check run against the OpenAPI-validated fake (which refuses more than 50
// annotations in one request, as GitHub does).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkExternalId, parseCheckExternalId, planCheck, publishCheckRun } from "../../src/github/check-run.js";
import { idsDigest } from "../../src/github/reviewed-marker.js";
import type { Finding } from "../../src/model/finding.js";
import { change, plan, startWorld, stopWorld, writes, type World } from "./helpers.js";

let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(() => stopWorld(w));

const finding = (i: number, severity: Finding["severity"] = "warning"): Finding => ({ rule: "credential-max-age", severity, identity: `svc-${i}`, message: `key ${i} is old`, remediation: "rotate it", location: `identities/service-accounts/svc-${i}.yaml:${i + 1}` });

describe("check run", () => {
  it("sends 120 annotations in batches of 50 (create, then two updates) on the YAML lines", async () => {
    const p = plan([change("grant", "ada", "team:platform")], Array.from({ length: 120 }, (_, i) => finding(i)));

    const result = await publishCheckRun(w.gh, w.headSha, planCheck(p), "https://ci.example/run/1");

    const run = w.fake.org.prs.checkRuns.get(result.id)!;
    expect(run.annotationBatches).toEqual([50, 50, 20]);
    expect(writes(w.fake)).toEqual(["POST checks/create", "PATCH checks/update", "PATCH checks/update"]);
    expect(run.annotations[0]).toMatchObject({ path: "identities/service-accounts/svc-0.yaml", start_line: 1, annotation_level: "warning", title: "credential-max-age" });
    expect(run.annotations[119]!.path).toBe("identities/service-accounts/svc-119.yaml");
    expect(run).toMatchObject({ name: "scopesync plan", headSha: w.headSha, status: "completed", conclusion: "success" });
    expect(run.summary).toContain("**1 changes**");
  });

  it("fails when the plan is blocked, says why, and skips findings with no YAML line", async () => {
    const blocked = plan([change("grant", "ada", "role:admin")], [finding(1, "error"), { rule: "quality-gate", severity: "error", message: "hr: 12 records, fewer than 30", location: "hr examples/exports/hr.csv row 4 (line 5)" }]);

    const result = await publishCheckRun(w.gh, w.headSha, planCheck(blocked));

    const run = w.fake.org.prs.checkRuns.get(result.id)!;
    expect(run.conclusion).toBe("failure");
    expect(run.text).toContain("hr: 12 records, fewer than 30");
    expect(run.annotations).toHaveLength(1);
    expect(run.annotations[0]!.annotation_level).toBe("failure");
    expect(parseCheckExternalId(run.externalId)).toEqual({ fingerprint: blocked.fingerprint, idsDigest: idsDigest(blocked.changes.map((c) => c.id)) });
  });

  it("says, as the comment's head does, where the changes come from and how many are privileged (rv94)", async () => {
    const admin = { ...change("grant", "svc-deployer", "role:admin"), privileged: true };
    const p = { ...plan([admin, { ...change("revoke", "ada", "team:platform"), origin: "source" as const }, { ...change("revoke", "nikhil", "role:admin"), origin: "policy" as const, privileged: true }]), base: "main" };

    const result = await publishCheckRun(w.gh, w.headSha, planCheck(p));

    const summary = w.fake.org.prs.checkRuns.get(result.id)!.summary;
    expect(summary).toContain("\nWhere the changes come from: **1** this PR · **1** source · **1** policy\n");
    expect(summary).toContain("\n🔐 **2 privileged changes**: 1 grant(s), 1 revocation(s)\n");
    // A plan with nothing privileged has no such line.
    expect(planCheck(plan([change("grant", "ada", "team:platform")])).summary).not.toContain("🔐");
  });

  it("carries the fingerprint and ids digest in its external id, readable back", () => {
    const id = checkExternalId(`sha256:${"1".repeat(64)}`, `sha256:${"2".repeat(64)}`);
    expect(parseCheckExternalId(id)).toEqual({ fingerprint: `sha256:${"1".repeat(64)}`, idsDigest: `sha256:${"2".repeat(64)}` });
    expect(parseCheckExternalId("something else")).toBeUndefined();
  });
});
