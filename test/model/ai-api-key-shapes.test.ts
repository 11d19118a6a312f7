// The AI vendors' API keys (src/model/ai-api-key-shapes.ts) are found by the inline-secret scan
// and hidden whole by every mask, inside a sentence too: an agent's `purpose` is where one gets
// pasted. Keys are synthetic, in the vendors' shapes (test/helpers/ai-api-keys.ts).
import { describe, expect, it } from "vitest";
import { findInlineSecrets, findSecretsInComments } from "../../src/config/inline-secrets.js";
import { maskSecretShapes, secretShape, withoutSecretShapes } from "../../src/model/secret-shapes.js";
import { aiApiKeys } from "../helpers/ai-api-keys.js";

const hidden = (what: string): string => `(a value not shown: it looks like a secret, ${what})`;

describe("an Anthropic or OpenAI API key", () => {
  for (const seed of [1, 2, 3]) {
    for (const { what, kind, key } of aiApiKeys(seed)) {
      it(`${kind} (seed ${seed}) is flagged by the scan, in a sentence, a value and a comment`, () => {
        expect(secretShape(key)).toBe(what);
        expect(findInlineSecrets({ purpose: `Answers tier-1 tickets. Key until the vault path exists: ${key}` })).toEqual([{ path: ["purpose"], what }]);
        expect(findInlineSecrets({ attributes: { setupNote: `fallback model key ${key} (remove after cut-over)` } })).toEqual([{ path: ["attributes", "setupNote"], what }]);
        expect(findSecretsInComments(`model: claude-sonnet-4-5\n# old key: ${key}\n`)).toEqual([{ line: 2, col: 1, what }]);
      });

      it(`${kind} (seed ${seed}) is hidden whole by the masks, with nothing of its body left`, () => {
        expect(maskSecretShapes(`fallback model key ${key} (remove after cut-over)`)).toBe(`fallback model key ${hidden(what)} (remove after cut-over)`);
        expect(maskSecretShapes(`setupNote "${key}".`)).toBe(`setupNote ${hidden(what)}.`);
        expect(withoutSecretShapes(`Support bot ${key}`)).toBe("Support bot");
      });
    }
  }

  it("is not a word, a hyphenated name, a placeholder or a key cut to its prefix", () => {
    for (const text of [
      "sk-ant-api03-...",
      "set ANTHROPIC_API_KEY=sk-ant-api03-xxxxxxxx in the vault",
      "sk-proj-...",
      "sk-admin-role-for-platform",
      "risk-proj-alpha-beta-gamma-delta-epsilon-zeta-eta-theta",
      "ask-admin-team-about-the-platform-migration-before-friday",
      "disk-svcacct-mount-on-the-backup-host-nightly-at-two",
      "department \"Firmware\" (desk-3, risk-high)",
    ]) {
      expect(secretShape(text), text).toBeUndefined();
      expect(maskSecretShapes(text), text).toBe(text);
    }
  });

  it("is looked for in linear time: a megabyte of `sk-` runs is masked in well under a second", () => {
    const text = `${"sk-".repeat(350_000)}end`;
    const started = performance.now();
    expect(maskSecretShapes(text)).toBe(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
