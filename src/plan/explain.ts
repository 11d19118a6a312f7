import type { AppPolicyDoc } from "../model/documents.js";
import type { Located } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import type { Plan } from "./plan.js";
import { loginFor } from "./account-attributes.js";
import { termText } from "./render/escape.js";
import type { TargetState } from "../model/target-state.js";
import { offboarding } from "../policy/lifecycle.js";
import { computeMemberships } from "../policy/memberships.js";
import { matchesSelector } from "../policy/selector.js";

export interface ExplainInput {
  repo: PolicyRepo;
  identities: Identity[];
  plan: Plan;
  states: ReadonlyMap<string, TargetState>;
  now: number;
}

/**
 * Why an identity has, gains or loses each account and entitlement: the attribute and its source
 * record, the group and the file:line that makes it a member, the scope rule of each app policy,
 * and the planned changes with their reasons.
 */
export function explainIdentity(input: ExplainInput, identity: Identity, onlyApp?: string): string[] {
  const t = termText;
  const lines: string[] = [];
  lines.push(`${t(identity.id)} (${identity.kind}, ${identity.status}${identity.breakGlass ? ", break-glass" : ""}), anchor ${t(identity.anchor)}${identity.definedAt ? `, defined at ${identity.definedAt}` : ""}`);
  if (identity.records.length > 0) lines.push(`records: ${identity.records.map(t).join(", ")}`);
  lines.push("", "attributes:");
  for (const key of Object.keys(identity.attributes).sort()) {
    const v = identity.attributes[key]!;
    const p = identity.provenance[key];
    lines.push(`  ${key} = ${t(Array.isArray(v) ? v.join(", ") : String(v), 80)}${p ? `    from ${t(p.source)} ${t(p.at)}${p.rule ? ` (${p.rule})` : ""}` : ""}`);
  }
  const groups = computeMemberships(input.repo.groups, input.identities, input.now);
  const current = groups.current.get(identity.id) ?? [];
  const expired = groups.expired.get(identity.id) ?? [];
  lines.push("", "groups:");
  if (current.length === 0 && expired.length === 0) lines.push("  (none)");
  for (const m of current) lines.push(`  ${m.group}: ${m.via}${m.until ? ` until ${m.until}` : ""}${m.reason ? ` (${t(m.reason)})` : ""}, ${m.at}`);
  for (const m of expired) lines.push(`  ${m.group}: expired on ${m.until}, ${m.at}`);

  const byId = new Map(input.identities.map((i) => [i.id, i]));
  for (const app of [...input.repo.apps].sort((a, b) => (a.value.id < b.value.id ? -1 : 1))) {
    if (onlyApp && app.value.id !== onlyApp && app.value.target !== onlyApp) continue;
    lines.push("", ...explainApp(app, identity, input, byId, current.map((m) => m.group)));
  }
  return lines;
}

function explainApp(app: Located<AppPolicyDoc>, identity: Identity, input: ExplainInput, byId: Map<string, Identity>, groups: string[]): string[] {
  const p = app.value;
  const lines = [`app ${p.id} (target ${p.target}, ${app.file}):`];
  const include = p.scope.include.findIndex((s) => matchesSelector(identity, s));
  const exclude = (p.scope.exclude ?? []).findIndex((s) => matchesSelector(identity, s));
  if (include < 0) lines.push(`  scope: not in scope: no include rule matches (${app.file}:${app.locate(["scope", "include"]).line})`);
  else if (exclude >= 0) lines.push(`  scope: not in scope: excluded by ${app.file}:${app.locate(["scope", "exclude", exclude]).line}`);
  else lines.push(`  scope: in scope by include rule at ${app.file}:${app.locate(["scope", "include", include]).line}`);
  const off = offboarding(identity, p, byId, input.now);
  if (off) lines.push(`  lifecycle: loses access: ${termText(off.reason, 300)}`);
  const login = loginFor(identity, p);
  lines.push(`  login: ${login ? termText(login) : `(none: no "${p.accounts.login}" attribute)`}`);
  const state = input.states.get(p.target);
  const account = state?.accounts.find((a) => a.externalId === identity.anchor || identity.aliases.includes(a.externalId ?? "")) ?? state?.accounts.find((a) => !a.externalId && login && normaliseLogin(a.login) === normaliseLogin(login));
  lines.push(account ? `  account now: ${termText(account.login)} (id ${termText(account.id)}), ${account.active ? "active" : "disabled"}, holds ${account.entitlements.length ? account.entitlements.map((e) => termText(e)).join(", ") : "nothing"}` : "  account now: none");
  for (const e of p.entitlements ?? []) {
    const member = groups.includes(e.group);
    const held = account?.entitlements.includes(e.entitlement) ?? false;
    lines.push(`  ${e.entitlement}: ${member ? `justified by group ${e.group}` : `not justified (not a member of ${e.group})`}${held ? ", held now" : ""}`);
  }
  const changes = input.plan.changes.filter((c) => c.target === p.target && c.identity === identity.id);
  lines.push(changes.length === 0 ? "  planned: nothing" : "  planned:");
  for (const c of changes) {
    lines.push(`    ${c.action}${c.entitlement ? ` ${termText(c.entitlement)}` : ""}${c.credential ? ` credential ${termText(c.credential)}` : ""} (${c.origin}${c.privileged ? ", privileged" : ""}): ${termText(c.reason, 400)}`);
    if (c.evidence.length > 0) lines.push(`      evidence: ${c.evidence.map((x) => termText(x)).join("; ")}`);
  }
  return lines;
}
