import { detectMove } from "../../moves.js";
import { priorOf } from "../../../resolve/renames.js";
import type { BuiltinRule, RuleHit } from "../rule.js";

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
      if (!gone) continue;
      const accounts = [...ctx.after.accounts(identity.id)];
      const held = [...ctx.after.entitlements(identity.id)];
      const creds = [...ctx.after.credentials(identity.id)];
      if (accounts.length + held.length + creds.length === 0) continue;
      const what = [accounts.length ? `active accounts in ${accounts.sort().join(", ")}` : "", held.length ? `entitlements ${held.sort().join(", ")}` : "", creds.length ? `credentials ${creds.sort().join(", ")}` : ""].filter(Boolean).join("; ");
      const record = identity.provenance.status;
      const location = identity.definedAt ?? (record ? `${record.source} ${record.at}` : undefined);
      hits.push({ identity: identity.id, message: `${identity.id} is ${identity.status} but keeps ${what} after this plan`, ...(location ? { location } : {}) });
    }
    return hits;
  },
};

export const privilegeAfterMove: BuiltinRule = {
  id: "privilege-after-move",
  title: "Privilege is re-reviewed after a move",
  defaultSeverity: "warning",
  controls: ["NIST-SP800-53-AC-2", "NIST-SP800-53-AC-6", "NIST-CSF-PR.AA-05"],
  remediation: "remove the explicit membership, or re-approve it in a PR that states why the new role still needs it",
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const identity of ctx.identities) {
      const move = detectMove(identity, priorOf(identity, ctx.prior));
      if (!move || !(move.department || move.title)) continue;
      for (const m of ctx.memberships.current.get(identity.id) ?? []) {
        if (m.via !== "explicit" || !ctx.memberships.groups.get(m.group)?.value.privileged) continue;
        const moved = Object.entries(move).filter(([k]) => k === "department" || k === "title").map(([k, v]) => `${k} ${v.from ?? "∅"} → ${v.to ?? "∅"}`).join(", ");
        hits.push({ identity: identity.id, message: `${identity.id} moved (${moved}) and is still an explicit member of the privileged group ${m.group}`, location: m.at });
      }
    }
    return hits;
  },
};
