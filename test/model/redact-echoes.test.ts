// A server does not echo a secret faithfully: it upper-cases the header it quotes, wraps its
// message, or writes it into JSON with its line break escaped. An upper-cased GitHub token is as
// good as the token (its last six characters are a CRC32 checksum that recovers the case), and a
// reader rejoins a wrapped one. The redactor masks each of those echoes of every registered form.
import { describe, expect, it } from "vitest";
import { MASK, Redactor } from "../../src/model/redact.js";
import { showUnseen } from "../../src/model/unseen-chars.js";
import { mdText, termText } from "../../src/plan/render/escape.js";

const TOKEN = "ghp_FakeToken0123456789abcdefSECRETxyz01";
const PASSWORD = "c0rrect horse!";
const b64 = (s: string) => Buffer.from(s).toString("base64");
const mixed = (s: string) => [...s].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join("");
const cut = (s: string, at: number, gap: string) => `${s.slice(0, at)}${gap}${s.slice(at)}`;

function redactor(): Redactor {
  const r = new Redactor();
  r.add(TOKEN);
  r.add(PASSWORD);
  return r;
}

describe("the redactor, with echoes a server changed", () => {
  const r = redactor();

  it("masks a secret echoed upper-cased, lower-cased or in mixed case", () => {
    for (const echo of [TOKEN.toUpperCase(), TOKEN.toLowerCase(), mixed(TOKEN), PASSWORD.toUpperCase()]) {
      expect(r.scrub(`credential ${echo} refused`), echo).toBe(`credential ${MASK} refused`);
    }
    // A character beyond the BMP (two code units) in the secret does not stop it.
    const astral = new Redactor();
    astral.add("p\u{1F600}ssw0rd-x");
    expect(astral.scrub("a P\u{1F600}SSW0RD-X b")).toBe(`a ${MASK} b`);
  });

  it("masks a secret cut by a line break (with a wrapped line's indentation) or invisible characters, anywhere", () => {
    const gaps = ["\n", "\r\n", "\n    ", "\r\n\t", "\u200b", "\u00ad", "\u2060"];
    for (const gap of gaps) {
      for (const at of [1, 4, 16, TOKEN.length - 1]) {
        const echo = cut(TOKEN, at, gap);
        expect(r.scrub(`received: ${echo})`), JSON.stringify(echo)).toBe(`received: ${MASK})`);
      }
    }
    // Every character on a line of its own, and upper-cased as well.
    expect(r.scrub(`[${[...TOKEN.toUpperCase()].join("\n")}]`)).toBe(`[${MASK}]`);
    // The password's own space is its own, in any case.
    expect(r.scrub("pw C0RRECT HORSE! end")).toBe(`pw ${MASK} end`);
  });

  it("masks a cut echo inside JSON text, where the line break is written \\n", () => {
    const json = JSON.stringify({ message: `Forbidden for ${cut(TOKEN, 16, "\n")}` });
    expect(r.scrub(json)).toBe(JSON.stringify({ message: `Forbidden for ${MASK}` }));
  });

  it("masks a cut echo in text escaped before it was redacted whole: Markdown, a terminal line, unseen characters shown", () => {
    // A PR comment and standard error are redacted as a whole, after each part was escaped.
    const dashed = new Redactor();
    dashed.add("scim-Secret_Token-4f9a2b7c91d04e1e");
    expect(dashed.scrub(mdText("credential scim-Secret_Token-4f9a2b7c91d04e1e refused"))).toBe(`credential ${MASK} refused`);
    expect(r.scrub(termText(`received: ${cut(TOKEN, 16, "\n")}`, 400))).toBe(`received: ${MASK}`);
    expect(r.scrub(showUnseen(cut(TOKEN.toUpperCase(), 8, "\u200b")))).toBe(MASK);
  });

  // rv118: a secret a YAML value wraps, in the plan's diff of the pull request's files, was shown:
  // each line starts with the diff's marker, JSON writes the line break escaped with the
  // indentation after it, and a coloured terminal line ends and starts with colour codes.
  it("masks a secret wrapped in a diff: after the line marker, after an escaped line break, between colour codes", () => {
    const [head, tail] = [TOKEN.slice(0, 12), TOKEN.slice(12)];
    const shapes = [
      `+  Uses ${head}\n+  ${tail} too.`,
      `-  Uses ${head}\n-  ${tail} too.`,
      `   Uses ${head}\n   ${tail} too.`,
      `"purpose: |-\\n   Uses ${head}\\n   ${tail} too."`,
      `"+purpose: |-\\n+  Uses ${head}\\n+  ${tail} too."`,
      `\x1b[2m   Uses ${head}\x1b[0m\n\x1b[2m   ${tail} too.\x1b[0m`,
      `\x1b[32m+  Uses ${head}\x1b[0m\n\x1b[32m+  ${tail} too.\x1b[0m`,
    ];
    for (const shape of shapes) {
      const scrubbed = r.scrub(shape);
      expect(scrubbed, JSON.stringify(shape)).toContain(MASK);
      expect(scrubbed).not.toContain(head);
      expect(scrubbed).not.toContain(tail);
    }
    // A line marker is a gap only after a line break: "+" or "-" inside a line is a character.
    expect(r.scrub(`${head}+${tail}`)).toBe(`${head}+${tail}`);
    expect(r.scrub(`${head}-${tail}`)).toBe(`${head}-${tail}`);
  });

  it("masks base64 of the secret wrapped as MIME wraps it, and in another case", () => {
    const encoded = b64(TOKEN);
    expect(r.scrub(`Basic ${cut(encoded, 20, "\r\n")}`)).toBe(`Basic ${MASK}`);
    expect(r.scrub(`Basic ${encoded.toUpperCase()}`)).toBe(`Basic ${MASK}`);
  });

  it("masks what it masked before: the exact secret, its URL, JSON, HTML and base64 forms, the longest form whole", () => {
    expect(r.scrub(`Bearer ${TOKEN}`)).toBe(`Bearer ${MASK}`);
    expect(r.scrub(`p=${encodeURIComponent(PASSWORD)}&q=${encodeURIComponent(PASSWORD).toLowerCase()}`)).toBe(`p=${MASK}&q=${MASK}`);
    expect(r.scrub(`<b>${PASSWORD}</b>`)).toBe(`<b>${MASK}</b>`);
    expect(r.scrub(`${TOKEN}${TOKEN}`)).toBe(`${MASK}${MASK}`);
    const astral = new Redactor();
    astral.add("p\u{1F600}ssw0rd-x");
    expect(astral.scrub(`a p\u{1F600}ssw0rd-x b ${encodeURIComponent("p\u{1F600}ssw0rd-x")}`)).toBe(`a ${MASK} b ${MASK}`);
  });

  it("leaves alone what is not the whole secret: a prefix, a changed character, a text about it", () => {
    for (const text of [TOKEN.slice(0, -1), `${TOKEN.slice(0, 10)}X${TOKEN.slice(11)}`, "correct horse", "c0rrect-horse!", "the ghp_ prefix"]) {
      expect(r.scrub(`a ${text} b`), text).toBe(`a ${text} b`);
    }
    // The gap stands between characters only: what surrounds an echo stays.
    expect(r.scrub(`x\n${TOKEN}\ny`)).toBe(`x\n${MASK}\ny`);
  });

  it("leaves alone ordinary words that spell a word-like secret apart with a space (rv29: a plan's display name)", () => {
    const wordy = new Redactor();
    wordy.add("Jordan-Lee2026");
    expect(wordy.scrub('"displayName": "JORDAN-LEE 2026"')).toBe('"displayName": "JORDAN-LEE 2026"');
    expect(wordy.scrub("token Jordan-Lee2026 refused")).toBe(`token ${MASK} refused`);
  });

  it("still ignores values shorter than the minimum, in any case", () => {
    const short = new Redactor();
    short.add("admin");
    expect(short.scrub("ADMIN a d m i n admin")).toBe("ADMIN a d m i n admin");
  });
});
