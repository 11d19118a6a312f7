import { describe, expect, it } from "vitest";
import { prng } from "../helpers/prng.js";
import { ScopesyncError } from "../../src/model/errors.js";
import { columnsOf, stateFromColumns } from "../../src/targets/state-columns.js";
import { parseStateText } from "../../src/targets/state-file.js";
import { stateText } from "../../src/targets/state-text.js";
import { readStateColumns, splitAccounts } from "../../src/targets/state-stream.js";

// readStateColumns takes a state file apart account by account where it can; whatever it gives,
// or however it fails, must be what reading the whole file with readStateFile gives. Held here to
// that reference on valid files of many layouts and on every way of cutting one short or
// changing one character.

/** What a read gives, as text: the state (through its columns) or the error and its fix. */
function outcome(read: () => ReturnType<typeof columnsOf>): string {
  try {
    return JSON.stringify(stateFromColumns(read()));
  } catch (e) {
    if (!(e instanceof ScopesyncError)) throw e;
    return `error: ${e.message} | ${e.hint}`;
  }
}

/** The file's outcome read account by account from its UTF-8 bytes, held to the whole file's. */
function expectAsWhole(text: string | Buffer): string {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const whole = outcome(() => columnsOf(parseStateText(stateText(bytes, "state/app.json", "app"), "state/app.json", "app")));
  expect(outcome(() => readStateColumns(bytes, "state/app.json", "app"))).toBe(whole);
  return whole;
}

const split = (text: string): ReturnType<typeof splitAccounts> => splitAccounts(Buffer.from(text));

const ACCOUNTS = [
  { id: "a1", login: "ada", externalId: "hr:W1", active: true, attributes: { title: 'Eng "lead"', note: "back\\slash \\\\\" end", tags: "[x]{y}" }, entitlements: ["team:a", "team:b"] },
  { id: "a2", login: "王磊", active: false, attributes: {}, entitlements: [], disabledAt: "2026-01-01T00:00:00Z" },
  { id: "a3", login: "emoji😀", active: true, attributes: { email: "e@example.com" }, entitlements: ["team:a", "team:b"] },
];

/** The same state laid out in different ways: key order, spacing, line breaks, escapes. */
function layouts(): string[] {
  const state = { formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts: ACCOUNTS, credentials: [{ id: "k1", account: "a1", type: "deploy-key" }], groups: [{ entitlement: "team:a", holds: ["repo:x:write"] }] };
  const { accounts, ...others } = state;
  return [
    JSON.stringify(state),
    JSON.stringify(state, null, 2),
    JSON.stringify(state, null, "\t").replace(/\n/g, "\r\n"),
    JSON.stringify({ accounts, ...others }),
    JSON.stringify({ ...others, accounts }),
    ` \n${JSON.stringify({ formatVersion: 1, accounts: [], credentials: [] })}\n `,
    JSON.stringify(state).replace('"accounts"', '"acc\\u006funts"'),
    JSON.stringify({ formatVersion: 1, readAt: "", accounts: [ACCOUNTS[0], 7, ACCOUNTS[1]], credentials: [] }),
    JSON.stringify({ formatVersion: 1, accounts: [ACCOUNTS[0], { ...ACCOUNTS[1], id: "a1" }], credentials: [] }),
    JSON.stringify({ formatVersion: 1, accounts: ACCOUNTS, credentials: [] }).replace("{", '{"accounts":[],'),
    JSON.stringify({ formatVersion: 2, accounts: ACCOUNTS, credentials: [] }),
    JSON.stringify({ formatVersion: 1, accounts: { a: 1 }, credentials: [] }),
    JSON.stringify([1, 2]),
  ];
}

describe("a state file read account by account", () => {
  it("is taken apart only where it is one object with one accounts list", () => {
    const [compact, indented] = layouts();
    expect(split(compact!)?.spans.length).toBe(6);
    expect(split(indented!)?.rest).toContain('"accounts": []');
    expect(split('{"accounts":[],"accounts":[]}')).toBeUndefined();
    expect(split('{"accounts":{}}')).toBeUndefined();
    expect(split("[]")).toBeUndefined();
    expect(split('{"formatVersion":1}')).toBeUndefined();
    expect(split('{"accounts":[{"a":"}]"},"x"]} ')?.spans).toEqual([13, 23, 24, 27]);
    // A backslash that is itself escaped does not escape the quote after it; one that is not does.
    expect(split('{"accounts":[{"a":"x\\\\"},{"b":"\\"]"}]}')?.spans).toEqual([13, 24, 25, 36]);
  });

  it("gives what the whole file gives, whatever its layout, and the same error where it has one", () => {
    const outcomes = layouts().map(expectAsWhole);
    expect(outcomes.filter((o) => o.startsWith("error:")).length).toBe(5);
    expect(outcomes[0]).toContain('"login":"王磊"');
  });

  it("fails as the whole file fails, cut short anywhere", () => {
    const text = layouts()[1]!;
    let errors = 0;
    for (let n = 0; n < text.length; n++) if (expectAsWhole(text.slice(0, n)).startsWith("error:")) errors++;
    // Only the text cut after its closing brace and trailing whitespace parses.
    expect(errors).toBe(text.length);
  });

  it("gives what the whole file gives with any one character changed", () => {
    const text = layouts()[0]!;
    const random = prng(16);
    const alphabet = '{}[]",:\\ \n0a-tfu';
    let errors = 0;
    for (let n = 0; n < 3000; n++) {
      const at = Math.floor(random() * text.length);
      const c = alphabet[Math.floor(random() * alphabet.length)]!;
      if (expectAsWhole(text.slice(0, at) + c + text.slice(at + 1)).startsWith("error:")) errors++;
    }
    expect(errors).toBeGreaterThan(1000);
  });

  it("fails as the whole file fails with any byte not UTF-8, or any character cut in half: at that byte, never with U+FFFD read in its place", () => {
    const bytes = Buffer.from(layouts()[0]!);
    let atTheByte = 0;
    for (let at = 0; at < bytes.length; at++) {
      const broken = Buffer.from(bytes);
      broken[at] = 0xff;
      const outcome = expectAsWhole(broken);
      expect(outcome).not.toContain("\ufffd");
      expect(outcome).toMatch(/^error: target "app": state\/app\.json:1:\d+: invalid UTF-8 byte 0x[0-9a-f]{2} \(byte \d+\); a state file is UTF-8 JSON \| convert it to UTF-8/);
      // In place of an ASCII character, the 0xff is the byte named; in place of part of a longer
      // character, the byte that starts that character, now cut short, may be.
      if (outcome.includes(`: invalid UTF-8 byte 0xff (byte ${at});`)) atTheByte++;
      else expect(bytes[at], `byte ${at}`).toBeGreaterThanOrEqual(0x80);
      expect(expectAsWhole(bytes.subarray(0, at))).not.toContain("\ufffd");
    }
    expect(atTheByte).toBeGreaterThan(bytes.length - 10);
  });
});
