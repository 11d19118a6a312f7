// A login that reads like another identity's, or mixes scripts, is named: "аlex.doe" with a
// Cyrillic "а" (U+0430) beside alex.doe. Before, the two were rightly kept apart, but the plan
// showed "🔐 grant аlex.doe group:admins" exactly as a grant to the alex.doe a reviewer knows, and
// no finding said otherwise.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { planWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";

const BASE_HR = readFileSync(join(SCENARIOS, "_base/hr.csv"), "utf8");
const row = (id: string, login: string, name: string) => `${id},${login},${name},Doe,${id.toLowerCase()}@corp.example,Active,Employee,Engineer,Engineering,W1,2024-01-08,\n`;
const lookAlikes = (plan: Plan) => plan.findings.filter((f) => f.rule === "identity-id-look-alike").map((f) => ({ identity: f.identity, severity: f.severity, message: f.message, location: f.location }));

describe("identity-id-look-alike", () => {
  it("names a Cyrillic look-alike of a login, with its code points, where its grant is privileged", async () => {
    const admins = "kind: Group\nid: platform-admins\nprivileged: true\nowners: [ada]\nmembers:\n  - identity: \u0430da\n    reason: on-call rota\n";
    const { plan } = await planWith({ "hr.csv": BASE_HR + row("W9", "\u0430da", "Ada"), "identities/groups/platform-admins.yaml": admins });
    expect(plan.changes.some((c) => c.identity === "\u0430da" && c.entitlement === "role:admin" && c.privileged)).toBe(true);
    expect(lookAlikes(plan)).toEqual([
      {
        identity: "\u0430da",
        severity: "warning",
        message: expect.stringContaining('the id "\u0430da" of the person hr:W9 (written \\u0430da) reads like "ada", the id of the person hr:W1, and mixes Latin and Cyrillic letters'),
        location: "hr hr.csv row 5 (line 6)",
      },
    ]);
  });

  it("names compatibility forms and a dotted i that read like another login", async () => {
    const hr = BASE_HR + row("W7", "\uff47race\u2024x", "Grace") + row("W8", "grace.x", "Grace") + row("W10", "li\u0307nus", "Linus");
    const { plan } = await planWith({ "hr.csv": hr });
    expect(lookAlikes(plan).map((f) => `${f.identity}: ${f.message.split(": a reviewer")[0]}`)).toEqual([
      'li\u0307nus: the id "li\u0307nus" of the person hr:W10 (written li\\u0307nus) reads like "linus", the id of the person hr:W4',
      '\uff47race\u2024x: the id "\uff47race\u2024x" of the person hr:W7 (written \\uff47race\\u2024x) reads like "grace.x", the id of the person hr:W8',
    ]);
  });

  it("leaves alone logins in one script, accented logins and Japanese logins with Latin letters", async () => {
    const hr = BASE_HR + row("W11", "\u0438\u0432\u0430\u043d", "Ivan") + row("W12", "jos\u00e9.garcia", "Jose") + row("W13", "jose.garcia", "Jose") + row("W14", "\u7530\u4e2d.miki", "Miki");
    const { plan } = await planWith({ "hr.csv": hr });
    expect(plan.changes.some((c) => c.identity === "\u0438\u0432\u0430\u043d")).toBe(true);
    expect(lookAlikes(plan)).toEqual([]);
  });
});
