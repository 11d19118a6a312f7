import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { planWith, stateWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";

// HR renames linus (W4) to linus.t. The scenarios rename-login-linked, -snapshot and -github show
// the main cases; these are the edges around them, each planned through the real CLI.
const BASE_HR = readFileSync(join(SCENARIOS, "_base/hr.csv"), "utf8");
const RENAMED_HR = BASE_HR.replace("W4,linus,Linus,Torvalds,linus@", "W4,linus.t,Linus,Torvalds,linus.t@");
const BY_LOGIN = readFileSync(join(SCENARIOS, "login-reused/policies/apps/app.yaml"), "utf8");
const OVERLAY = "kind: Person\nid: linus\nanchor: hr:W4\nattributes:\n  wikiLogin: ltorvalds\n";

const lines = (plan: Plan, who: string): string[] => plan.changes.filter((c) => c.identity === who).map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}${c.attributes?.login ? ` login ${c.attributes.login.from} → ${c.attributes.login.to}` : ""}`);
const rules = (plan: Plan): string[] => plan.findings.filter((f) => f.severity !== "info").map((f) => `${f.rule} ${f.identity ?? ""}`.trim());

describe("a person renamed in the sources, in an app that links by login", () => {
  it("an overlay's anchor alone (no snapshot) finds the account of the old login, renamed in place", async () => {
    const { plan } = await planWith({ "hr.csv": RENAMED_HR, "policies/apps/app.yaml": BY_LOGIN, "identities/people/linus.yaml": OVERLAY });
    expect(lines(plan, "linus.t")).toEqual(["update-account linus.t login linus → linus.t"]);
    expect(lines(plan, "linus")).toEqual([]);
    expect(rules(plan)).toEqual(["overlay-login-stale linus.t", "source-no-snapshot"]); // no snapshot: no baseline either
    const stale = plan.findings.find((f) => f.rule === "overlay-login-stale")!;
    expect(stale.location).toBe("identities/people/linus.yaml:1");
    expect(stale.message).toContain('names "linus", but it was written for hr:W4, whom the sources now call "linus.t"');
  });

  it("neither an anchor nor a snapshot: a rename cannot be told from a leaver and a joiner (the documented limit)", async () => {
    const { plan } = await planWith({ "hr.csv": RENAMED_HR, "policies/apps/app.yaml": BY_LOGIN, "identities/people/linus.yaml": OVERLAY.replace("anchor: hr:W4\n", "") });
    expect(lines(plan, "linus.t").map((l) => l.split(" ")[0])).toEqual(["create-account", "grant"]);
    expect(rules(plan)).toEqual(["overlay-without-person linus", "source-no-snapshot", "unmanaged-account linus"]);
  });

  it("an overlay the person has under the new login wins over the followed one where both set an attribute", async () => {
    const { plan } = await planWith(
      {
        "hr.csv": RENAMED_HR,
        "policies/apps/app.yaml": BY_LOGIN.replace("    displayName: { from: displayName }", "    displayName: { from: displayName }\n    wiki: { from: wikiLogin }"),
        "identities/people/linus.yaml": OVERLAY,
        "identities/people/linus.t.yaml": "kind: Person\nid: linus.t\nanchor: hr:W4\nattributes:\n  wikiLogin: linus-t\n",
        "state/app.json": stateWith({ linus: { attributes: { displayName: "Linus Torvalds", title: "Engineer", department: "Engineering", wiki: "linus-t" } } }),
      },
      { baseline: true },
    );
    expect(lines(plan, "linus.t")).toEqual(["update-account linus.t login linus → linus.t"]);
    expect(plan.changes.find((c) => c.identity === "linus.t")!.attributes).toEqual({ login: { from: "linus", to: "linus.t" } });
  });

  it("a login renamed away and given to someone else at once stays blocked as a reuse; nothing follows", async () => {
    const hr = `${RENAMED_HR}W9,linus,Linus,Pauling,linus.pauling@corp.example,Active,Contractor,Chemist,Engineering,W1,2026-11-20,\n`;
    const { plan } = await planWith({ "hr.csv": hr, "policies/apps/app.yaml": BY_LOGIN, "identities/people/linus.yaml": OVERLAY }, { baseline: true });
    expect(plan.blocked).toBe(true);
    expect(rules(plan)).toContain("login-reused linus");
    expect(rules(plan)).not.toContain("overlay-login-stale linus.t");
    // The old account is the login's: it is not renamed to linus.t, who gets an account of their own.
    expect(plan.changes.some((c) => c.action === "update-account" && c.attributes?.login)).toBe(false);
  });

  it("an NHI owned by the old login stays owned (not quarantined), its owner line warned about", async () => {
    const files = {
      "hr.csv": RENAMED_HR,
      "identities/nhi/svc-ci.yaml": "kind: ServiceAccount\nid: svc-ci\ndisplayName: CI deployer\nowner: linus\nstatus: active\n",
      "state/app.json": stateWith({}, [{ id: "s1", login: "svc-ci", externalId: "nhi:svc-ci", active: true, attributes: { displayName: "CI deployer" }, entitlements: [] }]),
    };
    const { plan } = await planWith(files, { baseline: true });
    expect(lines(plan, "svc-ci")).toEqual([]);
    expect(rules(plan)).toEqual(["reference-login-stale linus.t"]);
    const ref = plan.findings.find((f) => f.rule === "reference-login-stale")!;
    expect([ref.location, ref.message]).toEqual(["identities/nhi/svc-ci.yaml:4", 'owner "linus" is the earlier login of linus.t, whom the sources renamed: the NHI stays owned by linus.t, only while the rename is known (an overlay that still has the old id, or the last accepted snapshot); then it is quarantined']);
    // Without the snapshot the rename is unknown: the owner has left, and the NHI is quarantined as before.
    const { plan: unknown } = await planWith(files);
    expect(lines(unknown, "svc-ci")).toContain("disable-account svc-ci");
  });
});
