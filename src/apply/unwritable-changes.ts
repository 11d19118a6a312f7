// The planner never plans a secret-shaped value, nor the text a snapshot holds in its place
// (plan/account-attributes.ts, model/unwritable-value.ts). Apply asks again of what it would send,
// whatever made the plan it carries out: a plan made by an earlier version, or edited by hand,
// must not put a token, or "(a value not shown: …)" where a title belongs, into an app. Such a
// change is refused before anything is sent, like one the credentials cannot make (preflight.ts),
// and never named by its value.
import type { Change } from "../model/change.js";
import { unwritableShape } from "../model/unwritable-value.js";

/** What a change would write: each attribute's new value, and the login of an account it makes. */
function written(change: Change): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, v] of Object.entries(change.attributes ?? {})) if (v.to !== null) out.push([name, v.to]);
  // An account made under a login gets it; any other change names the app's own login, not a new one.
  if (change.action === "create-account" && change.login !== undefined && !change.attributes?.login) out.push(["login", change.login]);
  return out;
}

/** The changes that would write a secret-shaped value or a hidden value's text, each with why. */
export function unwritableChanges(changes: readonly Change[]): Map<Change, { message: string; hint?: string }> {
  // The shape of preflight.ts's Refused, written out: preflight imports this file.
  const refused = new Map<Change, { message: string; hint?: string }>();
  for (const change of changes) {
    for (const [name, value] of written(change)) {
      const shape = unwritableShape(value);
      if (shape === undefined) continue;
      refused.set(change, {
        message: `target "${change.target}": ${change.action} ${change.identity} would write a ${name} that looks like a secret (${shape}), or the text a snapshot or state file shows in place of one; it is not sent`,
        hint: "plan again without --from-snapshots and have that plan reviewed: the planner leaves such a value out (finding attribute-secret-shaped or login-secret-shaped); remove the secret from the source it came from and rotate it",
      });
      break;
    }
  }
  return refused;
}
