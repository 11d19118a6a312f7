// maskTexts masks whole records and identities for the outputs that print them (snapshots,
// `identities --format json`): every string at any depth, the keys left alone.
import { describe, expect, it } from "vitest";
import { maskTexts } from "../../src/model/mask-texts.js";

const TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
const HIDDEN = "(a value not shown: it looks like a secret, GitHub token)";

describe("maskTexts", () => {
  it("hides a secret at any depth and returns the same value when there is none", () => {
    const clean = { id: "terraform", attributes: { displayName: "Terraform", tags: ["a", "b"] }, count: 2 };
    expect(maskTexts(clean)).toBe(clean);
    const dirty = { id: "terraform", attributes: { description: `token ${TOKEN}`, tags: ["a", [`x ${TOKEN}`]] }, count: 2, ok: true, none: null };
    expect(maskTexts(dirty)).toEqual({ id: "terraform", attributes: { description: `token ${HIDDEN}`, tags: ["a", [`x ${HIDDEN}`]] }, count: 2, ok: true, none: null });
    expect(dirty.attributes.description).toBe(`token ${TOKEN}`);
  });

  it("keeps a key named __proto__ from an export as data", () => {
    const parsed = JSON.parse(`{"__proto__": {"polluted": "${TOKEN}"}}`) as Record<string, unknown>;
    const masked = maskTexts(parsed);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.keys(masked)).toEqual(["__proto__"]);
    expect(JSON.stringify(masked)).toBe(`{"__proto__":{"polluted":"${HIDDEN}"}}`);
  });
});
