// The diff asks of each identity in an app's scope whether its login looks like a secret
// (unwritableShape) and whether the app can have it (loginTextProblem), once per target: at 100k
// people and a dozen targets, a million times for 100k logins. Both answers depend on the login's
// text (and the target's login syntax, of which there are two), never on the target, so they are
// worked out once per logins table and identity, and kept with the table for every target that
// plans from it. A table relinked for one target (saml-links.ts, invitation-links.ts) is another
// table, with its own answers.
import type { LoginSyntax } from "../model/login-syntax.js";
import { unwritableShape } from "../model/unwritable-value.js";
import type { IdentityLogins } from "./diff-index.js";
import { heldExcuses, type LoginProblem, loginTextProblem } from "./login-invalid.js";

/** loginTextProblem's answers, coded: 0 not asked yet. */
const PROBLEMS: readonly LoginProblem[] = [undefined, undefined, "unusable", "syntax"];
const code = (problem: LoginProblem): number => (problem === undefined ? 1 : problem === "unusable" ? 2 : 3);

/** The answers about one logins table's logins, by identity index. */
export class LoginVerdicts {
  /** Whether each login was asked unwritableShape: 0 not yet, 1 none, 2 a shape (in `shapes`: nearly never). */
  private readonly asked: Uint8Array;
  private readonly shapes = new Map<number, string>();
  private readonly problems = new Map<LoginSyntax | undefined, Uint8Array>();

  constructor(private readonly logins: IdentityLogins) {
    this.asked = new Uint8Array(logins.login.length);
  }

  /** unwritableShape(login) of identity i's login (`login`: logins.login[i]). */
  secretShape(i: number, login: string): string | undefined {
    if (this.asked[i] === 0) {
      const shape = unwritableShape(login);
      this.asked[i] = shape === undefined ? 1 : 2;
      if (shape !== undefined) this.shapes.set(i, shape);
    }
    return this.asked[i] === 1 ? undefined : this.shapes.get(i);
  }

  /** loginProblem(login, syntax, held) of identity i's login (`login`: logins.login[i]). */
  problem(i: number, login: string, syntax: LoginSyntax | undefined, held: string | undefined): LoginProblem {
    let codes = this.problems.get(syntax);
    if (codes === undefined) this.problems.set(syntax, (codes = new Uint8Array(this.logins.login.length)));
    if (codes[i] === 0) codes[i] = code(loginTextProblem(login, syntax));
    return heldExcuses(PROBLEMS[codes[i]!], login, held);
  }
}

const verdicts = new WeakMap<IdentityLogins, LoginVerdicts>();

/** The answers kept for `logins`, shared by every target planned from that table. */
export function loginVerdicts(logins: IdentityLogins): LoginVerdicts {
  let kept = verdicts.get(logins);
  if (kept === undefined) verdicts.set(logins, (kept = new LoginVerdicts(logins)));
  return kept;
}
