import { detectMove } from "../../moves.js";
import { priorOf } from "../../../resolve/renames.js";
import type { BuiltinRule, RuleContext, RuleHit } from "../rule.js";
import type { Identity } from "../../../model/identity.js";
import { betweenEmployments, rehireGap } from "../../rehire-gap.js";
import { privilegedGrantsText } from "../../../model/privileged-groups.js";
import { append } from "../../../model/append.js";
import { ownedByMovers } from "./mover-nhis.js";

export const privilegedBirthright: BuiltinRule = {
  id: "privileged-birthright",
  title: "Privilege comes from an explicit, reviewed grant",
  defaultSeverity: "error",
  controls: ["NIST-CSF-PR.AA-05", "NIST-SP800-53-AC-6", "OWASP-NHI5"],
  remediation: "list the person explicitly under the group's members (a reviewed grant), or set `allowPrivilegedBirthright: true` on the group if its birthright rule is itself the reviewed decision",
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const c of ctx.changes) {
      if (c.action !== "grant" || !c.privileged) continue;
      const birthright = (ctx.memberships.current.get(c.identity) ?? []).filter((m) => m.via === "birthright");
      const app = ctx.repo.apps.find((a) => a.value.target === c.target)?.value;
      const groups = (app?.entitlements ?? []).filter((e) => e.entitlement === c.entitlement).map((e) => e.group);
      const viaBirthright = birthright.find((m) => groups.includes(m.group));
      if (!viaBirthright) continue;
      const explicit = (ctx.memberships.current.get(c.identity) ?? []).some((m) => m.via === "explicit" && groups.includes(m.group));
      if (explicit || ctx.memberships.groups.get(viaBirthright.group)?.value.allowPrivilegedBirthright) continue;
      hits.push({ identity: c.identity, message: `${c.target} ${c.entitlement} would be granted to ${c.identity} by the birthright rule of ${viaBirthright.group}, without an explicit grant`, location: viaBirthright.at });
    }
    return hits;
  },
};

export const environmentIsolation: BuiltinRule = {
  id: "environment-isolation",
  title: "Non-production identities hold no production access",
  defaultSeverity: "error",
  controls: ["OWASP-NHI8", "NIST-SP800-53-AC-6", "NIST-SP800-53-AC-5"],
  remediation: "use a production identity for production access, or remove the membership",
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const identity of ctx.identities) {
      const env = identity.attributes.environment;
      if (typeof env !== "string" || env === "production") continue;
      for (const m of ctx.memberships.current.get(identity.id) ?? []) {
        if (ctx.memberships.groups.get(m.group)?.value.environment === "production") {
          hits.push({ identity: identity.id, message: `${identity.id} (environment ${env}) is a member of the production group ${m.group}`, location: m.at });
        }
      }
    }
    return hits;
  },
};

export const leaverAccessRemaining: BuiltinRule = {
  id: "leaver-access-remaining",
  title: "Leavers and disabled identities keep no access downstream",
  defaultSeverity: "error",
  controls: ["OWASP-NHI1", "NIST-CSF-PR.AA-01", "NIST-SP800-53-AC-2(3)"],
  remediation: "bring the remaining access under a policy (entitlement mapping, unmanagedAccounts) or remove it by hand, then record it",
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const identity of ctx.identities) {
      const gone = identity.status === "terminated" || identity.status === "disabled";
      // Between employments: a leaver in every app until the rehire's access begins there (rehire-gap.ts).
      const gap = gone ? undefined : betweenEmployments(identity, ctx.now);
      if (!gone && !gap) continue;
      const leaverIn = gap ? gapApps(identity, ctx) : undefined;
      const inGap = (app: string): boolean => leaverIn === undefined || leaverIn(app);
      const accounts = [...ctx.after.accounts(identity.id)].filter(inGap);
      const held = [...ctx.after.entitlements(identity.id)].filter((e) => inGap(e.slice(0, e.indexOf(":"))));
      // A credential a person must revoke by hand is said by credential-manual-revocation, with its command.
      const manual = ctx.after.manualCredentials(identity.id);
      const creds = [...ctx.after.credentials(identity.id)].filter((c) => !manual.has(c) && inGap(c.slice(0, c.indexOf(":"))));
      if (accounts.length + held.length + creds.length === 0) continue;
      const what = [accounts.length ? `active accounts in ${accounts.sort().join(", ")}` : "", held.length ? `entitlements ${held.sort().join(", ")}` : "", creds.length ? `credentials ${creds.sort().join(", ")}` : ""].filter(Boolean).join("; ");
      const record = identity.provenance.status;
      const location = identity.definedAt ?? (record ? `${record.source} ${record.at}` : undefined);
      const standing = gap ? `between employments (left on ${gap.left}, rehired from ${gap.hired}: a leaver until the rehire's access begins)` : identity.status;
      hits.push({ identity: identity.id, message: `${identity.id} is ${standing} but keeps ${what} after this plan`, ...(location ? { location } : {}) });
    }
    return hits;
  },
};

/**
 * For a person between employments: whether they are still a leaver in a target or app (by the
 * name the rule's view gives it: a target for accounts, an app for entitlements and credentials).
 * Where an app policy governs it, until the rehire's access begins there (its accounts.preStart
 * gives access ahead of the hire date, and that access is no leaver's). Elsewhere, until the hire
 * date itself.
 */
function gapApps(identity: Identity, ctx: RuleContext): (name: string) => boolean {
  return (name) => {
    const policy = ctx.repo.apps.find((a) => a.value.target === name || a.value.id === name);
    return policy === undefined || rehireGap(identity, policy.value, ctx.now) !== undefined;
  };
}

/**
 * The moves that change a person's role, for which an explicit privilege is re-reviewed: a new
 * department or title, or a new Google organisational unit ("A user's organizational unit
 * determines which Google Workspace services the user has access to", Admin SDK OrgUnit resource),
 * which many Workspace tenants keep current while `organizations[]` stays empty (rv102 #4).
 */
const ROLE_MOVES: readonly string[] = ["department", "title", "orgUnitPath"];

export const privilegeAfterMove: BuiltinRule = {
  id: "privilege-after-move",
  title: "Privilege is re-reviewed after a move",
  defaultSeverity: "warning",
  controls: ["NIST-SP800-53-AC-2", "NIST-SP800-53-AC-6", "NIST-CSF-PR.AA-05"],
  remediation: "remove the explicit membership, or re-approve it in a PR that states why the new role still needs it",
  check: (ctx) => {
    const hits: RuleHit[] = [];
    const movers = new Map<string, string>(); // person id → what moved, in words
    for (const identity of ctx.identities) {
      const move = detectMove(identity, priorOf(identity, ctx.prior));
      if (!move || !ROLE_MOVES.some((k) => move[k])) continue;
      const moved = Object.entries(move).filter(([k]) => ROLE_MOVES.includes(k)).map(([k, v]) => `${k} ${v.from ?? "∅"} → ${v.to ?? "∅"}`).join(", ");
      movers.set(identity.id, moved);
      for (const m of ctx.memberships.current.get(identity.id) ?? []) {
        if (m.via !== "explicit") continue;
        const what = privilegedMembership(ctx, m.group);
        if (what) hits.push({ identity: identity.id, message: `${identity.id} moved (${moved}) and is still an explicit member of ${what}`, location: m.at });
      }
    }
    // The NHIs the movers own act for them: their privilege was justified by the same old role.
    if (movers.size > 0) append(hits, ownedByMovers(ctx, movers, (group) => privilegedMembership(ctx, group)));
    return hits;
  },
};

/**
 * The group named as privileged ("the privileged group x", or "x, which gives the privileged app
 * e"), or undefined when its membership is not. Privileged as the plan marks it: the group's own
 * flag, or any entitlement its membership gives being privileged (a mapping's `privileged: true`,
 * the target's traits, what a team confers). The flag alone missed a mapping marked privileged,
 * the bundled example's style.
 */
function privilegedMembership(ctx: RuleContext, group: string): string | undefined {
  if (ctx.memberships.groups.get(group)?.value.privileged === true) return `the privileged group ${group}`;
  const gives = ctx.privilegedGroups.get(group);
  return gives ? `${group}, which gives the privileged ${privilegedGrantsText(gives)}` : undefined;
}
