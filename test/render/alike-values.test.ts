// An update whose two values read alike: the app holds "Torvålds" decomposed (a + U+030A) and HR
// gives it composed, or the app holds "Grace<U+00A0>Hopper" and HR a plain space. Before, both were
// planned and shown as "displayName: Grace Hopper → Grace Hopper": a change a reviewer cannot see,
// and for the decomposed name one made again on every run. Canonically equivalent values are the
// same value; values that differ invisibly are shown with what differs as code points.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planWith, stateWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";

const HR = readFileSync(join(SCENARIOS, "_base/hr.csv"), "utf8").replace("Linus,Torvalds", "Linus,Torv\u00e5lds");
const files = {
  "hr.csv": HR,
  "state/app.json": stateWith({
    linus: { attributes: { displayName: "Linus Torva\u030alds", title: "Engineer", department: "Engineering" } },
    grace: { attributes: { displayName: "Grace\u00a0Hopper", title: "Engineer", department: "Engineering" } },
  }),
};

describe("attribute updates whose values read alike", () => {
  it("plans no update for a value the app holds in another normalisation form, and one for a no-break space", async () => {
    const { plan } = await planWith(files);
    const updates = plan.changes.filter((c) => c.action === "update-account").map((c) => ({ identity: c.identity, attributes: c.attributes }));
    expect(updates).toEqual([{ identity: "grace", attributes: { displayName: { from: "Grace\u00a0Hopper", to: "Grace Hopper" } } }]);
  });

  it("shows the no-break space as a code point in the text plan", async () => {
    const { stdout } = await planWith(files, { format: "text" });
    expect(stdout).toContain("displayName: Grace\\u00a0Hopper → Grace Hopper");
  });

  it("shows the no-break space as a code point in the pull-request comment", async () => {
    const { stdout } = await planWith(files, { format: "markdown" });
    // mdText escapes the backslash for Markdown: GitHub shows Grace\u00a0Hopper.
    expect(stdout).toContain("displayName: Grace\\\\u00a0Hopper → Grace Hopper");
  });
});
