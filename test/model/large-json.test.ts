// JSON longer than one string, read a member and a list element at a time (src/model/large-json.ts).
// The limit is lowered to a few bytes here, so that the path a 1.8 GB plan takes is taken by small
// texts, and held to JSON.parse's result for the same text. (A reviewed plan of 727 MB, twice the
// findings of a 20k-person organisation with 176k discovered NHIs, was applied through the CLI with
// it: docs/performance.md, 2026-12-08 night.)
import { describe, expect, it } from "vitest";
import { jsonBytesProblem, parseJsonBytes, parseJsonMember } from "../../src/model/large-json.js";
import { parseReviewedPlan, parseReviewedPlanBytes } from "../../src/apply/reviewed.js";
import { ScopesyncError } from "../../src/model/errors.js";
import { EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const LONGEST = 200;

function both(text: string): { whole: unknown; pieces: unknown } {
  const read = parseJsonBytes(Buffer.from(text, "utf8"), LONGEST);
  if (!read.ok) throw new Error(read.problem);
  return { whole: JSON.parse(text), pieces: read.value };
}

describe("JSON longer than one string", () => {
  it("reads, a member and an element at a time, the value JSON.parse reads whole", () => {
    const value = {
      changes: Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, attributes: { title: `Ingeniør "${i}" \\ ]},[{`, tags: [i, i * 2, null, true] } })),
      fingerprint: "sha256:0123456789abcdef",
      findings: [],
      nested: { list: [[1, 2], [3, [4, { a: "}" }]]] },
      summary: { total: 30 },
      "naïve key": "Zoë Ångström — 東京",
    };
    for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2), `\r\n ${JSON.stringify(value, null, "\t")} \n`]) {
      expect(Buffer.byteLength(text)).toBeGreaterThan(LONGEST);
      const { whole, pieces } = both(text);
      expect(pieces).toEqual(whole);
      expect(Object.keys(pieces as object)).toEqual(Object.keys(whole as object));
    }
  });

  it("takes apart an object longer than a string at its members, as a shard's part and its changes", () => {
    const shard = { after: { ada: { accounts: ["a1"] }, bob: { accounts: ["b1", "b2"] } }, kind: "scopesync-plan-shard", part: { changes: Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, target: "crm", action: "grant" })), findings: [{ rule: "r", message: "m".repeat(30) }], target: "crm" } };
    for (const text of [JSON.stringify(shard), JSON.stringify(shard, null, 2)]) {
      const { whole, pieces } = both(text);
      expect(pieces).toEqual(whole);
    }
  });

  it("keeps a key written twice as JSON.parse does (the last), and __proto__ as an own member", () => {
    const text = `{"a": [${'"x",'.repeat(20)}"y"], "__proto__": {"polluted": true}, "a": [${'"z",'.repeat(20)}"w"]}`;
    const { whole, pieces } = both(text);
    expect(pieces).toEqual(whole);
    expect(Object.hasOwn(pieces as object, "__proto__")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect((pieces as { a: string[] }).a.at(-1)).toBe("w");
  });

  it("says which member and element is not JSON, at the file's line and column (rv122 f226)", () => {
    const text = `{\n  "fingerprint": "sha256:00",\n  "changes": [\n    {"id": "a"},\n    {"id": "b",}\n  ]\n}\n`;
    expect(parseJsonBytes(Buffer.from(text), 20)).toEqual({ ok: false, problem: 'in its "changes": element 2: not valid JSON at line 5 column 16' });
    const member = `{"kind":"x",\n"changes":[1,\n2,\n3,\n4x,\n5],"summary":{}}`;
    expect(parseJsonBytes(Buffer.from(member), 40)).toEqual({ ok: false, problem: 'in its "changes": not valid JSON at line 5 column 2' });
    expect(jsonBytesProblem(Buffer.from(member), 40)).toBe('in its "changes": not valid JSON at line 5 column 2');
  });

  it("refuses what it cannot take apart, rather than guess: a top-level list, a long value that is not a list, a text cut short", () => {
    expect(parseJsonBytes(Buffer.from(`[${"1,".repeat(30)}1]`), 20)).toMatchObject({ ok: false, problem: expect.stringMatching(/^not one JSON object as scopesync writes it/) });
    expect(parseJsonBytes(Buffer.from(`{"a": "${"x".repeat(50)}"}`), 20)).toEqual({ ok: false, problem: 'in its "a": a value longer than one string (52 bytes) that is not an object or a list laid out as JSON\'s grammar has it' });
    // Cut short (rv122 f225): said so, with where it ends.
    expect(parseJsonBytes(Buffer.from(`{"a": [${"1,".repeat(30)}1`), 20)).toEqual({ ok: false, problem: "not valid JSON: it ends at line 1 column 69 before the JSON does (cut short?)" });
    expect(parseJsonBytes(Buffer.from(`{"a": ["${"x".repeat(50)}"]}`), 20)).toEqual({ ok: false, problem: 'in its "a": element 1: a value longer than one string (52 bytes) that is not an object or a list laid out as JSON\'s grammar has it' });
  });

  it("a text that fits in a string is parsed whole, its errors worded as before", () => {
    expect(parseJsonBytes(Buffer.from('{"a": 1,}'))).toEqual({ ok: false, problem: "not valid JSON at line 1 column 9" });
  });
});

describe("a reviewed plan read from its bytes", () => {
  it("is the plan its text reads as: the bundled example's, and one too long for a string, read in pieces", async () => {
    const r = await runCli(["plan", "--format", "json", "--now", EXAMPLE_NOW, "--repo", exampleForTest()]);
    const text = r.stdout;
    expect(JSON.parse(text).changes.length).toBeGreaterThan(10);
    expect(parseReviewedPlanBytes(Buffer.from(text), "plan.json")).toEqual(parseReviewedPlan(text, "plan.json"));
    const read = parseJsonBytes(Buffer.from(text), 4096);
    expect(read).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it("that is not JSON is refused as the text was", () => {
    for (const text of ['{"changes": [1,]}', '{"changes": [', ""]) {
      const said = (read: () => unknown): string => {
        try {
          read();
          return "read";
        } catch (e) {
          expect(e).toBeInstanceOf(ScopesyncError);
          return (e as Error).message;
        }
      };
      const message = said(() => parseReviewedPlan(text, "plan.json"));
      expect(message).toMatch(/^plan\.json is not a plan: (not valid JSON|empty)/);
      expect(said(() => parseReviewedPlanBytes(Buffer.from(text), "plan.json"))).toBe(message);
    }
  });
});

describe("JSON checked a piece at a time, nothing kept", () => {
  it("finds what parseJsonBytes finds, and nothing in JSON (rv122 f227: a plan whose values are not JSON, with a fingerprint)", () => {
    const broken = Buffer.from(`{"changes":[1 2 ,,, {"x" "y"}],"fingerprint":"sha256:${"a".repeat(64)}"}`);
    expect(parseJsonMember(broken, "fingerprint")).toEqual({ ok: true, value: `sha256:${"a".repeat(64)}` });
    expect(jsonBytesProblem(broken)).toMatch(/^not valid JSON/);
    expect(jsonBytesProblem(broken, 20)).toMatch(/^in its "changes": not valid JSON/);
    const fine = Buffer.from(JSON.stringify({ changes: Array.from({ length: 20 }, (_, i) => ({ id: i })), fingerprint: "sha256:00" }));
    expect(jsonBytesProblem(fine)).toBeUndefined();
    expect(jsonBytesProblem(fine, 30)).toBeUndefined();
  });
});

describe("one member of a JSON text, the others not parsed", () => {
  it("is the member JSON.parse reads, the last of a key written twice; none where there is none; not ok where the text is not an object", () => {
    expect(parseJsonMember(Buffer.from('{"changes": [{"id": "a"}], "fingerprint": "sha256:01", "x": 1}'), "fingerprint")).toEqual({ ok: true, value: "sha256:01" });
    expect(parseJsonMember(Buffer.from('{"fingerprint": "one", "fingerprint": "two"}'), "fingerprint")).toEqual({ ok: true, value: "two" });
    expect(parseJsonMember(Buffer.from('{"changes": []}'), "fingerprint")).toBeUndefined();
    expect(parseJsonMember(Buffer.from("<html>502 Bad Gateway</html>"), "fingerprint")).toEqual({ ok: false, problem: "not one JSON object" });
  });
});
