// The break-glass guard (docs/formats.md §Safety): "any change at all for an identity whose Person
// file says breakGlass: true", and for an NHI whose file says so. A lockout guard: no override.
//
// The Person file is what makes someone break-glass, not whether a source still exports them. A
// holder who drops out of the HR export (moved to another legal entity's HR system, filtered out
// by an HR-side change) has no identity the overlay could be applied to (overlay-without-person),
// and is offboarded under the id and logins the last accepted snapshot knew. Those changes are
// origin `source`: revocations that apply.unreviewed: revocations-only and the daily sync apply
// without review. So the guard also holds for any change whose identity, anchor or account login a
// break-glass Person file names, whoever the sources say holds it. Apply's re-plan (the CLI's and
// the Action's) ends in the same finishPlan, so it is held to the same guard.
import type { Change } from "../model/change.js";
import type { Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { BlockedReason } from "../model/blocked-reason.js";

/** What a break-glass Person file names, each with the file:line that says so. */
interface Named {
  /** Identity ids (the file's id, a person's login) and anchors (`anchor:`), normalised. */
  ids: Map<string, string>;
  /** Account logins per target: the file's id and its attribute for each app's `accounts.login`, normalised. */
  logins: Map<string, Map<string, string>>;
}

/**
 * Break-glass identities are changed by hand, with their own review: any change to one blocks. Each
 * reason holds that identity and the account its change is on (model/blocked-reason.ts): the other
 * people's revocations are no business of the emergency account's.
 */
export function breakGlassReasons(changes: readonly Change[], identities: ReadonlyMap<string, Identity>, repo: Pick<PolicyRepo, "people" | "apps">): BlockedReason[] {
  const named = namedByFiles(repo, changes);
  const reasons: BlockedReason[] = [];
  const held = (c: Change, text: string) => reasons.push({ text, holds: { kind: "identity", identity: c.identity, logins: c.login === undefined ? [] : [normaliseLogin(c.login)] } });
  for (const c of changes) {
    const what = `${c.target}: the plan would ${c.action}${c.entitlement ? ` ${c.entitlement}` : ""} for ${c.identity}`;
    const identity = identities.get(c.identity);
    if (identity?.breakGlass) {
      held(c, `${what}, a break-glass identity (${identity.definedAt}); change break-glass access by hand, with its own review`);
      continue;
    }
    if (!named) continue;
    const byLogin = c.login === undefined ? undefined : named.logins.get(c.target)?.get(normaliseLogin(c.login));
    const at = named.ids.get(normaliseLogin(c.identity)) ?? (c.anchor === undefined ? undefined : named.ids.get(normaliseLogin(c.anchor))) ?? byLogin;
    if (at === undefined) continue;
    const whom = byLogin !== undefined ? ` (login ${c.login})` : "";
    held(c, `${what}${whom}, whom the break-glass Person file ${at} names${identity ? "" : " (no source exports that person now: overlay-without-person)"}; change break-glass access by hand, with its own review, or remove breakGlass from that file in a reviewed pull request first`);
  }
  return reasons;
}

/**
 * The ids, anchors and logins the break-glass Person files name, or undefined when none is
 * break-glass (nearly every plan: nothing is built). A target's logins come from the attribute its
 * apps link by (`accounts.login`) and the file's id, the login a person's userName gives.
 */
function namedByFiles(repo: Pick<PolicyRepo, "people" | "apps">, changes: readonly Change[]): Named | undefined {
  const files = repo.people.filter((p) => p.value.breakGlass === true);
  if (files.length === 0) return undefined;
  const ids = new Map<string, string>();
  const logins = new Map<string, Map<string, string>>();
  const attributesOf = new Map<string, Set<string>>();
  for (const app of repo.apps) (attributesOf.get(app.value.target) ?? attributesOf.set(app.value.target, new Set()).get(app.value.target)!).add(app.value.accounts.login);
  const targets = new Set(changes.map((c) => c.target));
  for (const file of files) {
    const at = `${file.file}:${file.line}`;
    const v = file.value;
    ids.set(normaliseLogin(v.id), at);
    if (v.anchor !== undefined) ids.set(normaliseLogin(v.anchor), at);
    for (const target of targets) {
      const map = logins.get(target) ?? logins.set(target, new Map()).get(target)!;
      map.set(normaliseLogin(v.id), at);
      for (const attribute of attributesOf.get(target) ?? []) {
        const login = v.attributes?.[attribute];
        if (login !== undefined && String(login) !== "") map.set(normaliseLogin(String(login)), at);
      }
    }
  }
  return { ids, logins };
}
