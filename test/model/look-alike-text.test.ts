// The floor's helpers for text that reads like other text (model/alike-text.ts) and logins that
// read like other logins (model/look-alike-logins.ts), on the cases the plan tests do not reach.
import { describe, expect, it } from "vitest";
import { readAlike, showCodePoints } from "../../src/model/alike-text.js";
import { loginSkeleton, mixedScripts } from "../../src/model/look-alike-logins.js";
import { canonicallyEqual, nfc } from "../../src/model/nfc.js";

describe("readAlike and showCodePoints", () => {
  it.each([
    ["Kim\u00a0Poe", "Kim Poe", "Kim\\u00a0Poe"],
    ["Kim\u202fPoe", "Kim Poe", "Kim\\u202fPoe"],
    ["Kim\tPoe", "Kim Poe", "Kim\\u0009Poe"],
    ["Kim Poe ", "Kim Poe", "Kim Poe\\u0020"],
    ["Kim  Poe", "Kim Poe", "Kim \\u0020Poe"],
    ["Kim\u200bPoe", "KimPoe", "Kim\\u200bPoe"],
    ["\uff2bim", "Kim", "\\uff2bim"],
    ["Jose\u0301", "Jos\u00e9", "Jose\\u0301"],
    // A letter of another script that reads as a Latin one: the login skeleton's rule (look-alike-logins.ts).
    ["L\u0456nus M\u00fcller", "Linus M\u00fcller", "L\\u0456nus M\u00fcller"],
    ["\u0451lka", "\u00eblka", "\\u0451lka"],
    ["\u0410lice Poe", "Alice Poe", "\\u0410lice Poe"],
  ])("%j reads like %j and is shown as %s", (a, b, shown) => {
    expect(readAlike(a, b)).toBe(true);
    expect(showCodePoints(a)).toBe(shown);
    expect(showCodePoints(b)).toBe(b);
  });

  it("does not take different or equal texts for look-alikes", () => {
    expect(readAlike("Kim Poe", "Kim Poe")).toBe(false);
    expect(readAlike("Kim Poe", "Kim Roe")).toBe(false);
    expect(readAlike("Jos\u00e9", "Jose")).toBe(false);
  });
});

describe("nfc", () => {
  it("composes, and keeps ASCII and composed text as the same string", () => {
    expect(nfc("Jose\u0301")).toBe("Jos\u00e9");
    const composed = "Jos\u00e9";
    expect(nfc(composed)).toBe(composed);
    expect(canonicallyEqual("Jose\u0301", "Jos\u00e9")).toBe(true);
    expect(canonicallyEqual("Jose", "Jos\u00e9")).toBe(false);
  });
});

describe("loginSkeleton and mixedScripts", () => {
  it.each([
    ["\u0430lex.doe", "alex.doe"], // Cyrillic а
    ["\u03b1lex.doe", "alex.doe"], // Greek α
    ["\u0585scar", "oscar"], // Armenian օ
    ["\uff4d\uff49\uff4b\uff49.tanaka", "miki.tanaka"], // full-width
    ["kim\u2024poe", "kim.poe"], // ONE DOT LEADER
    ["i\u0307lker", "ilker"], // "İlker" lower-cased
    ["mary\u2010ann", "mary-ann"], // HYPHEN
    ["ka\u200bte", "kate"], // ZERO WIDTH SPACE
    ["\u0451lka", "\u00eblka"], // Cyrillic ё reads as Latin ë
    // Capitals, held to confusables.txt (0410 ; 0041 А → A, 03A1 ; 0050 Ρ → P, ...).
    ["\u0410lice", "Alice"], // Cyrillic А
    ["\u0420latform", "Platform"], // Cyrillic Р
    ["\u0406ngrid", "Ingrid"], // Cyrillic І (confusables.txt's "l", as it gives Latin "I")
    ["\u0405\u0422\u0415\u0412\u0415", "STEBE"], // Cyrillic Ѕ Т Е В Е
    ["\u041a\u041c\u041d\u041e\u0421\u0425\u0408", "KMHOCXJ"], // Cyrillic К М Н О С Х Ј
    ["\u0391\u0392\u0395\u0396\u0397\u0399\u039a", "ABEZHIK"], // Greek Α Β Ε Ζ Η Ι Κ
    ["\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7", "MNOPTYX"], // Greek Μ Ν Ο Ρ Τ Υ Χ
    ["\u0401lka", "\u00cblka"], // Cyrillic Ё reads as Latin Ë
  ])("%s reads as %s", (login, skeleton) => {
    expect(loginSkeleton(login)).toBe(loginSkeleton(skeleton));
  });

  it("keeps accented and ASCII logins apart from their plain spelling", () => {
    expect(loginSkeleton("jos\u00e9")).not.toBe(loginSkeleton("jose"));
    expect(loginSkeleton("rn")).not.toBe(loginSkeleton("m"));
  });

  it("names the scripts a login mixes, and none for one script or Japanese beside Latin", () => {
    expect(mixedScripts("\u0430lex.doe")).toEqual(["Latin", "Cyrillic"]);
    expect(mixedScripts("\u0438\u0432\u0430\u043d")).toEqual([]);
    expect(mixedScripts("\u7530\u4e2d.miki")).toEqual([]);
    expect(mixedScripts("alex.doe")).toEqual([]);
  });
});
