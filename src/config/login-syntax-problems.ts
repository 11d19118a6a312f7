// validate's word on a login written in identities/ that the app's target cannot have
// (model/login-syntax.ts): `githubLogin: "іngridh"` with a Cyrillic "і", a full-width "ｓａｍｒｏｅ",
// `kim_poe` in a GitHub org. The plan refuses such a login (login-invalid) and plans nothing for the
// identity there; written in the pull request, it is a problem of the pull request, at its line.
import type { Diagnostic } from "./diagnostic.js";
import type { Located } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { loginSyntaxOf, type LoginSyntax } from "../model/login-syntax.js";
import { codePoints } from "../model/look-alike-logins.js";

/**
 * For each login attribute of a Person, ServiceAccount or Agent file that an app policy's target
 * cannot have: a problem, or a warning where only an older account can have it (LoginSyntax.olderTest).
 */
export function loginSyntaxProblems(repo: Pick<PolicyRepo, "apps" | "config" | "people" | "nhis">): { problems: Diagnostic[]; warnings: Diagnostic[] } {
  // Login attribute → the targets (and their syntax) whose app policies log in with it.
  const byAttribute = new Map<string, { target: string; syntax: LoginSyntax }[]>();
  for (const app of repo.apps) {
    const target = repo.config.value.targets[app.value.target];
    const syntax = loginSyntaxOf(target?.type, target?.options);
    if (!syntax) continue;
    const list = byAttribute.get(app.value.accounts.login) ?? [];
    if (!list.some((t) => t.target === app.value.target)) list.push({ target: app.value.target, syntax });
    byAttribute.set(app.value.accounts.login, list);
  }
  const out = { problems: [] as Diagnostic[], warnings: [] as Diagnostic[] };
  if (byAttribute.size === 0) return out;
  const docs: Located<{ attributes?: Record<string, unknown> }>[] = [...repo.people, ...repo.nhis];
  for (const doc of docs) {
    for (const [attribute, targets] of byAttribute) {
      const login = doc.value.attributes?.[attribute];
      if (typeof login !== "string") continue;
      const refused = targets.filter((t) => !t.syntax.test(login));
      if (refused.length === 0) continue;
      const older = refused.every((t) => t.syntax.olderTest(login));
      const at = { file: doc.file, ...doc.locate(["attributes", attribute]) };
      const names = refused.map((t) => `target "${t.target}"`).join(" or ");
      if (older) {
        out.warnings.push({ ...at, message: `${attribute} "${login}" is no login a new account of ${names} can have (${refused[0]!.syntax.rule}); only an older account can: plan refuses it (finding login-invalid) unless the target's read lists that login`, hint: "check that the account has this login; if not, write the one it has" });
      } else {
        out.problems.push({ ...at, message: `${attribute} "${codePoints(login)}" is no login ${names} can have: ${refused[0]!.syntax.rule} (finding login-invalid)`, hint: "write the login the person or account has there, as the target shows it" });
      }
    }
  }
  return out;
}
