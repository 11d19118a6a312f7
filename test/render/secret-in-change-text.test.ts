import { describe, expect, it } from "vitest";
import { changeId, type Change } from "../../src/model/change.js";
import { fingerprint } from "../../src/plan/build-plan.js";
import { maskChangeTexts } from "../../src/plan/masked-change-texts.js";
import type { Plan } from "../../src/plan/plan.js";
import { mdCode, mdText } from "../../src/plan/render/escape.js";
import { renderMarkdown } from "../../src/plan/render/markdown.js";

// A change's prose quotes names anyone with access to a target chooses: a deploy key's title, a
// token grant's name (rv66 1: a token pasted into a deploy key's title reached the PR comment whole,
// while the text plan hid it). Every format hides a secret-shaped value, the PR comment too.
const TOKEN = "ghp_FakeToken0123456789abcdefSECRETxyz01";
const NOT_SHOWN = "(a value not shown: it looks like a secret, GitHub token)";

function revoke(reason: string, lost?: string[]): Change {
  return { id: changeId("github", "revoke-credential", "tomas.lind", "deploy-key:firmware:100006"), target: "github", action: "revoke-credential", identity: "tomas.lind", login: "tlind", credential: "deploy-key:firmware:100006", privileged: false, origin: "source", reason, evidence: [], ...(lost ? { lost } : {}) };
}

function planOf(changes: Change[]): Plan {
  return { formatVersion: 1, fingerprint: fingerprint(changes), generatedAt: "2026-11-26T09:00:00.000Z", organisation: "acme", summary: { "revoke-credential": changes.length }, changes, findings: [], blocked: false, blockedReasons: [], overrides: [], exceptions: [], approvals: [], targets: { github: { accounts: 1, readFrom: "state/github.json" } } };
}

describe("a secret-shaped value in a change's prose", () => {
  it("is hidden in the change itself (reason and lost), so the JSON plan and the journal never hold it", () => {
    const c = revoke(`left: its deploy key "release (token ${TOKEN})" on repository firmware is deleted for good`, [`deploy key "release (token ${TOKEN})" on firmware`]);
    const masked = maskChangeTexts(c);
    expect(JSON.stringify(masked)).not.toContain(TOKEN);
    expect(masked.reason).toContain(NOT_SHOWN);
    expect(masked.lost![0]).toContain(NOT_SHOWN);
    // The change's data is untouched: apply carries it out.
    expect({ ...masked, reason: c.reason, lost: c.lost }).toEqual(c);
    // A change with nothing to hide is the same object (no copy per change at a million changes).
    const clean = revoke("left: its deploy key \"release\" on repository firmware is deleted for good");
    expect(maskChangeTexts(clean)).toBe(clean);
  });

  it("is hidden by the Markdown escapes, as the text plan's termText hides it", () => {
    for (const shown of [mdText(`title ${TOKEN}`), mdCode(`title ${TOKEN}`)]) {
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain("FakeToken0123456789");
    }
  });

  it("never reaches the PR comment, even from a plan written by an older version that did not mask it", () => {
    const md = renderMarkdown(planOf([revoke(`left: its deploy key "release (token ${TOKEN})" is deleted for good`, [`deploy key "release ${TOKEN}"`])]));
    expect(md).not.toContain(TOKEN);
    expect(md).not.toContain("FakeToken0123456789");
  });
});
