// A secret pasted into a source attribute that an app policy maps (accounts.attributes) is never
// planned: the plan shows every attribute it writes, and the target would hold it. What a change
// only shows (an attribute's `from`, a mover's `move`) is masked before the fingerprint. The
// planner asks each value it would write, so the question is cheap and agrees with the mask.
import { describe, expect, it } from "vitest";
import { changeId, type Change } from "../../src/model/change.js";
import type { Identity } from "../../src/model/identity.js";
import type { AppPolicyDoc } from "../../src/model/documents.js";
import { hiddenSecretShape, maskSecretShapes } from "../../src/model/secret-shapes.js";
import type { TargetAccount } from "../../src/model/target-state.js";
import { attributesOnCreate, attributeUpdates, updateMappings, type WithheldValue } from "../../src/plan/account-attributes.js";
import { maskChangeTexts } from "../../src/plan/masked-change-texts.js";
import { aiApiKeys } from "../helpers/ai-api-keys.js";
import { prng } from "../helpers/prng.js";
import { CaseOnlyDifferences } from "../../src/plan/case-only-differences.js";

// Built at run time: no secret-shaped literal in the repository.
const GITHUB = ["ghp", "R4nd0mT0kenValue0123456789abcdefABCD"].join("_");
const SLACK = ["xoxb", "2048", "9f8e7"].join("-");
const AWS_SECRET = ["wJalrXUtnFEMI", "K7MDENG", "bPxRfiCYzQ8Lk3Vq2P"].join("/");
const hidden = (what: string) => `(a value not shown: it looks like a secret, ${what})`;

const policy = { accounts: { login: "userName", attributes: { title: { from: "title", strength: "always" }, notes: { from: "notes", strength: "ifEmpty" }, displayName: { from: "displayName" } } } } as unknown as AppPolicyDoc;
const account = (attributes: Record<string, string>): TargetAccount => ({ id: "u1", login: "ada", active: true, attributes, entitlements: [] });

describe("hiddenSecretShape", () => {
  it("names what maskSecretShapes hides, and nothing it shows", () => {
    expect(hiddenSecretShape(GITHUB)).toBe("GitHub token");
    expect(hiddenSecretShape(`Engineer ${AWS_SECRET}`)).toBe("AWS secret access key");
    // The shortest token of all (xoxb- and ten): the length test before any pattern lets it through.
    expect(SLACK).toHaveLength(15);
    expect(hiddenSecretShape(SLACK)).toBe("Slack token");
    expect(hiddenSecretShape("a://:p@h")).toBe("password in a URL");
    expect(hiddenSecretShape(aiApiKeys(3)[0]!.key)).toBe("Anthropic API key");
    // An access key id names a key and is shown in messages: not withheld either.
    expect(hiddenSecretShape(["AKIA", "IOSFODNN7EXAMPLE"].join(""))).toBeUndefined();
    for (const plain of ["Engineer", "Head of Platform", "ada@corp.example", hidden("GitHub token")]) expect(hiddenSecretShape(plain), plain).toBeUndefined();
  });

  it("agrees with maskSecretShapes on 20,000 random texts", () => {
    const next = prng(103);
    const parts = [GITHUB, GITHUB.slice(0, 12), SLACK, SLACK.slice(0, 14), AWS_SECRET, AWS_SECRET.slice(3), "://", "u:", "p@", "h", "eyJ", "abcdefghij.", "sk-", "x".repeat(24), "-----BEGIN PRIVATE KEY-----", " ", "AKIA", "Q".repeat(16)];
    let secret = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = "";
      const length = Math.floor(next() * 6);
      for (let k = 0; k < length; k++) text += parts[Math.floor(next() * parts.length)];
      expect(hiddenSecretShape(text) !== undefined, JSON.stringify(text)).toBe(maskSecretShapes(text) !== text);
      if (hiddenSecretShape(text) !== undefined) secret++;
    }
    expect(secret).toBeGreaterThan(2_000);
  });
});

describe("the planner's mapped attributes", () => {
  it("leave a secret-shaped value out of a new account, and say which", () => {
    const identity = { id: "ada", attributes: { title: GITHUB, notes: `Engineer ${AWS_SECRET}`, displayName: "Ada Tester" } } as unknown as Identity;
    const withheld: WithheldValue[] = [];
    expect(attributesOnCreate(identity, policy, withheld)).toEqual({ displayName: { from: null, to: "Ada Tester" } });
    expect(withheld).toEqual([
      { attribute: "title", from: "title", shape: "GitHub token" },
      { attribute: "notes", from: "notes", shape: "AWS secret access key" },
    ]);
  });

  it("never update an account to a secret-shaped value; replace one the account holds; look only at values that would be written", () => {
    const values: Record<string, Array<string | null>> = { title: [GITHUB, "Engineer", GITHUB], notes: [SLACK, SLACK, null], displayName: ["Ada", "Ada", "Ada"] };
    const mappings = updateMappings(policy, (attribute) => values[attribute]!, {});
    const withheld: WithheldValue[] = [];
    // 0: the export holds secrets; the account keeps its title, and its blank notes stay blank.
    expect(attributeUpdates(mappings, 0, account({ title: "Engineer", displayName: "Ada" }), withheld, new CaseOnlyDifferences())).toBeUndefined();
    expect(withheld).toEqual([{ attribute: "title", from: "title", shape: "GitHub token" }, { attribute: "notes", from: "notes", shape: "Slack token" }]);
    withheld.length = 0;
    // 1: the account holds one, the export a clean value: planned (its `from` is masked in the change).
    expect(attributeUpdates(mappings, 1, account({ title: SLACK, notes: "kept", displayName: "Ada" }), withheld, new CaseOnlyDifferences())).toEqual({ title: { from: SLACK, to: "Engineer" } });
    // 2: the account already holds what the export does: nothing planned, nothing said.
    expect(attributeUpdates(mappings, 2, account({ title: GITHUB, displayName: "Ada" }), withheld, new CaseOnlyDifferences())).toBeUndefined();
    expect(withheld).toEqual([]);
  });
});

describe("a change's shown values", () => {
  const update = (attributes: Change["attributes"], move?: Change["move"]): Change => ({ id: changeId("crm", "update-account", "ada"), target: "crm", action: "update-account", identity: "ada", account: "u1", login: "ada", privileged: false, origin: "source", reason: "attributes differ", attributes, ...(move ? { move } : {}), evidence: [] });

  it("are masked: an attribute's `from` and both sides of a move; the `to` apply writes is left", () => {
    const c = update({ title: { from: `Engineer ${SLACK}`, to: "Engineer" }, displayName: { from: "A", to: "Ada" } }, { title: { from: GITHUB, to: `x ${AWS_SECRET}` }, department: { from: "Sales", to: "Platform" } });
    const masked = maskChangeTexts(c);
    expect(masked.attributes).toEqual({ title: { from: `Engineer ${hidden("Slack token")}`, to: "Engineer" }, displayName: { from: "A", to: "Ada" } });
    expect(masked.move).toEqual({ title: { from: hidden("GitHub token"), to: `x ${hidden("AWS secret access key")}` }, department: { from: "Sales", to: "Platform" } });
    expect(c.attributes!.title!.from).toBe(`Engineer ${SLACK}`);
    // Nothing to hide: the same object, no copy per change.
    const clean = update({ title: { from: "Eng", to: "Engineer" } }, { department: { from: "Sales", to: "Platform" } });
    expect(maskChangeTexts(clean)).toBe(clean);
  });
});
