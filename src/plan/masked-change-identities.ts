// A leaver's id can itself be a secret: an HR UserID cell holding an API key or a password, read as
// the person's login and so as their identity id. No account is ever planned under such a login
// (login-secret-shaped), but the leaver's existing account is still offboarded, and that change
// named them by the id: the plan JSON, its Markdown and SARIF, the PR comment, the apply journal
// and explain all showed the key. The planner decides by identity id (rules look changes up by
// it, a pull request's changes are matched with the base's by it, change ids hash it), so the id
// is replaced here, after every decision is made, by the name login-secret-shaped gives such an
// identity: its anchor (model/shown-identity.ts). A login that is a secret is hidden as findings
// hide one: "(a value not shown: it looks like a secret, …)". Apply finds the account by the
// target's own account id, which every change that offboards an existing account carries, never
// by either text; the journal it writes then names the leaver as the plan does.
import type { Change } from "../model/change.js";
import { maskSecretShapes } from "../model/secret-shapes.js";
import { shownIdentity } from "../model/shown-identity.js";

/** The changes with a secret-shaped identity id named by its anchor and such a login hidden; the same list when none has one. */
export function maskChangeIdentities(changes: Change[]): Change[] {
  let out: Change[] | undefined;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    const identity = shownIdentity(c.identity, c.anchor);
    const login = c.login === undefined ? undefined : maskSecretShapes(c.login);
    if (identity === c.identity && login === c.login) continue;
    (out ??= changes.slice())[i] = { ...c, identity, ...(login === undefined ? {} : { login }) };
  }
  return out ?? changes;
}
