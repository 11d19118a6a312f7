// The diff's checks of each login are made once per logins table and kept for every target
// (login-verdicts.ts). What is kept is what the login's text and the syntax say; whether the
// target's own read shows the login (an older GitHub account's trailing hyphen) stays each
// target's, and a table of one syntax answers nothing for another.
import { expect, it } from "vitest";
import type { IdentityLogins } from "../../src/plan/diff-index.js";
import { loginProblem } from "../../src/plan/login-invalid.js";
import { loginVerdicts } from "../../src/plan/login-verdicts.js";
import { loginSyntaxOf } from "../../src/model/login-syntax.js";
import { unwritableShape } from "../../src/model/unwritable-value.js";
import { secretSamples } from "../helpers/secret-samples.js";

const GITHUB = loginSyntaxOf("github", {})!;

function table(logins: string[]): IdentityLogins {
  return { login: logins, key: logins.map((l) => l.toLowerCase()), shared: new Uint8Array(logins.length) };
}

it("answer as loginProblem and unwritableShape do, for each target and in any order", () => {
  const logins = ["ada", "old-hand-", "zoe muller", "kim_poe", ...secretSamples().map((s) => s.value)];
  const held: Array<string | undefined> = [undefined, "old-hand-", "OLD-HAND-", "kim_poe"];
  const kept = table(logins);
  // Targets of either syntax, each holding or not holding the login, asked twice.
  for (const round of [1, 2]) {
    for (const syntax of [GITHUB, undefined]) {
      for (const h of held) {
        for (let i = logins.length - 1; i >= 0; i--) {
          const v = loginVerdicts(kept);
          expect(v.problem(i, logins[i]!, syntax, h), `${round} ${logins[i]} held ${h}`).toBe(loginProblem(logins[i]!, syntax, h));
          expect(v.secretShape(i, logins[i]!), logins[i]).toBe(unwritableShape(logins[i]!));
        }
      }
    }
  }
  // A GitHub org that shows the trailing hyphen has the login; one that does not cannot make it.
  expect(loginVerdicts(kept).problem(1, "old-hand-", GITHUB, "old-hand-")).toBeUndefined();
  expect(loginVerdicts(kept).problem(1, "old-hand-", GITHUB, undefined)).toBe("syntax");
  expect(loginVerdicts(kept)).toBe(loginVerdicts(kept));
  expect(loginVerdicts(table(logins))).not.toBe(loginVerdicts(kept));
});
