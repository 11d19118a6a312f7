// A login the target cannot have (model/login-syntax.ts): "іngridh" with a Cyrillic "і", a
// full-width "ｓａｍｒｏｅ", "kim_poe" in a GitHub org. An invitation to it can only fail at apply,
// and the plan around it reads as nothing changed (the look-alike is shown as the login it copies),
// while the account under the login it replaced was taken away. So nothing is planned for the
// identity in that app, and this finding says why, with the login written so it can be told apart.
import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { LoginSyntax } from "../model/login-syntax.js";
import { codePoints } from "../model/look-alike-logins.js";

/** A login no app takes: whitespace or a control character anywhere in it. */
const UNUSABLE_LOGIN = /[\s\p{C}]/u;
/** Printable ASCII without a space: nearly every login, told from the rest by a regex much cheaper than the Unicode one. */
const PLAIN_LOGIN = /^[\x21-\x7e]*$/;

/**
 * Why no account can be had under `login`: "unusable" (a space or a control character: no app
 * takes it), "syntax" (outside the target's logins, model/login-syntax.ts), or undefined. `held`:
 * the login of the account the target's read shows for the identity, which the target has.
 */
export function loginProblem(login: string, syntax: LoginSyntax | undefined, held?: string): LoginProblem {
  return heldExcuses(loginTextProblem(login, syntax), login, held);
}

export type LoginProblem = "unusable" | "syntax" | undefined;

/** loginProblem of the login's text alone, with no account held: the same for every target of one syntax (login-verdicts.ts keeps it). */
export function loginTextProblem(login: string, syntax: LoginSyntax | undefined): LoginProblem {
  if (!PLAIN_LOGIN.test(login) && UNUSABLE_LOGIN.test(login)) return "unusable";
  return syntax && !syntax.test(login) ? "syntax" : undefined;
}

/** `problem`, but none where the login is outside the syntax and the target's own read shows it (an older GitHub account's trailing hyphen): a login the target has. */
export function heldExcuses(problem: LoginProblem, login: string, held: string | undefined): LoginProblem {
  return problem === "syntax" && held?.toLowerCase() === login.toLowerCase() ? undefined : problem;
}

/** login-invalid for a login outside the target's syntax; where it came from decides where to correct it. */
export function loginInvalid(identity: Identity, login: string, app: AppPolicyDoc, syntax: LoginSyntax, policyAt: string): Finding {
  const attribute = app.accounts.login;
  const from = identity.provenance[attribute] ?? identity.provenance.userName;
  const inFile = from === undefined || from.source === "file";
  const at = inFile ? from?.at ?? identity.definedAt : `${from.source} ${from.at}`;
  return {
    rule: "login-invalid",
    severity: "warning",
    identity: identity.id,
    message: `${identity.id} is in the scope of ${app.id}, but its login "${codePoints(login)}"${at ? ` (${attribute}, ${at})` : ""} is none ${app.target} can have: ${syntax.rule}; no account is planned or changed`,
    remediation: inFile ? `correct attributes.${attribute} in the identity's overlay file to the login the person has in ${app.target}` : `correct the login in ${from.source} (or map another attribute with accounts.login in ${app.id})`,
    location: at ?? policyAt,
  };
}
