// GitHub's login rule (model/login-syntax.ts) as plan/login-invalid.ts applies it: what a new
// account can have, the EMU `_shortcode`, and an older account's login that the org's read shows.
import { describe, expect, it } from "vitest";
import { loginSyntaxOf } from "../../src/model/login-syntax.js";
import { loginProblem } from "../../src/plan/login-invalid.js";

const github = loginSyntaxOf("github", {});
const emu = loginSyntaxOf("github", { enterpriseManagedUsers: true });

describe("loginProblem on a GitHub target", () => {
  it("takes ASCII letters, digits and single inner hyphens up to 39 characters", () => {
    for (const ok of ["a", "0", "mona", "Mona-Lisa", "a-b-123", "a".repeat(39)]) expect(loginProblem(ok, github), ok).toBeUndefined();
    for (const bad of ["\u0430lexdoe", "\uff53\uff41\uff4d", "kim_poe", "a.b", "-a", "a-", "a--b", "a".repeat(40), "zo\u00eb"]) expect(loginProblem(bad, github), bad).toBe("syntax");
    expect(loginProblem("zoe muller", github)).toBe("unusable");
  });

  it("takes _ and a 3 to 8 character shortcode in an Enterprise Managed Users org only", () => {
    for (const ok of ["mona_octo", "octo_admin", "mona-lisa_ab12cd34"]) expect(loginProblem(ok, emu), ok).toBeUndefined();
    for (const bad of ["mona_oc", "mona_abcdefghi", "_octo", "mona_octo_x", "\u0430lex_octo"]) expect(loginProblem(bad, emu), bad).toBe("syntax");
    expect(loginProblem("mona_octo", github)).toBe("syntax");
  });

  it("takes an older account's login that the org's read shows, and no other target has a rule", () => {
    expect(loginProblem("old-name-", github)).toBe("syntax");
    expect(loginProblem("old-name-", github, "Old-Name-")).toBeUndefined();
    expect(github!.olderTest("old--name-")).toBe(true);
    expect(github!.olderTest("kim_poe")).toBe(false);
    expect(loginSyntaxOf("scim", {})).toBeUndefined();
    expect(loginProblem("kim_poe", undefined)).toBeUndefined();
  });
});
