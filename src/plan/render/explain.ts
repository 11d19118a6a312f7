import { sourceOfRef } from "../../model/keys.js";
import type { AppPolicyDoc } from "../../model/documents.js";
import type { Located } from "../../model/located.js";
import type { PolicyRepo } from "../../model/policy-repo.js";
import type { Identity } from "../../model/identity.js";
import type { Membership } from "../../policy/memberships.js";
import { matchesSelector } from "../../policy/selector.js";
import type { Decisions } from "../build-plan.js";
import type { Change } from "../../model/change.js";
import type { AppDecision } from "../decision.js";
import type { Plan } from "../plan.js";
import { termName as id, termText as t } from "./escape.js";
import { loginForReview } from "../../model/look-alike-logins.js";
import { append } from "../../model/append.js";
import { absenceUnknown } from "../../model/unknown-absence.js";
import { noExpiryText } from "../../model/cannot-expire.js";
import type { TargetStateFacts } from "../../model/target-state-facts.js";
import { stateIsCurrent } from "../state-current.js";
import { staleView, staleViewText, type StaleView } from "../stale-view.js";
import { describeAge } from "../state-age.js";
import { doneSinceRead, journalSinceText, linesSinceRead, viewText, type ExplainJournal } from "./explain-journal.js";
import { journalIdentity } from "../../model/journal-offboarding.js";

export interface ExplainInput {
  repo: PolicyRepo;
  plan: Plan;
  /** What the planner decided while it made `plan` (compile with `explain`). */
  decisions: Decisions;
  /** The identity asked about, or undefined for an account no identity claims. */
  identity: Identity | undefined;
  /** The name the plan's changes use: the identity id, `account:<login>`, or a gone anchor. */
  name: string;
  onlyApp?: string;
  /** Sources that failed a gate, and those whose export cannot be proven complete: how held and kept lines say why. */
  sourcesFailingGates?: ReadonlySet<string>;
  sourcesUnproven?: ReadonlySet<string>;
  /**
   * Apply's journal: what it records for the identity since each target's state was read is shown
   * beside the account (explain-journal.ts). Absent: no journal read.
   */
  journal?: ExplainJournal;
}

/**
 * Why an identity has, gains or loses each account and entitlement, rendered from the planner's
 * own decisions and the plan's changes: attributes and their source records, group memberships
 * and the file:line that grants them, and per app the scope, the account, each entitlement's
 * justification, the decision and the planned changes with their reasons. Nothing is decided here.
 */
export function renderExplain(input: ExplainInput): string[] {
  const { identity, name } = input;
  const lines = identity ? identityLines(identity, input.decisions.memberships.get(identity.id), input) : [`${id(name)}: no identity has this account; what each app decided for it:`];
  // The plan's findings about this name (disputed, duplicate-account-link, owner gone...): often
  // the reason nothing, or something unexpected, is planned.
  const findings = input.plan.findings.filter((f) => f.identity === name);
  if (findings.length > 0) append(lines, ["", "findings:", ...findings.map((f) => `  ${f.severity} ${t(f.rule)}: ${t(f.message, 300)}`)]);
  const apps = new Map(input.repo.apps.map((a) => [a.value.id, a]));
  for (const decision of input.decisions.apps) {
    if (decision.identity !== name) continue;
    if (input.onlyApp && decision.app !== input.onlyApp && decision.target !== input.onlyApp) continue;
    // An account under an earlier login has changes of its own, named account:<login>; the identity's own are in its block.
    const named = decision.earlierLogin !== undefined ? `account:${decision.earlierLogin}` : name;
    // The plan's changes and the journal's lines name an identity whose id looks like a secret by its anchor (journalIdentity).
    const shown = journalIdentity(named, identity?.anchor);
    const facts = input.plan.targets[decision.target];
    const config = input.repo.config.value.targets[decision.target];
    const view = { facts, journal: input.journal, names: new Set([named, shown]), current: facts !== undefined && stateIsCurrent(config?.type, facts.readFrom), stale: staleView(decision.target, config, facts, input.plan.findings) };
    append(lines, ["", ...appLines(decision, apps.get(decision.app), identity, input.plan.changes.filter((c) => c.target === decision.target && (c.identity === named || c.identity === shown || (decision.account !== undefined && c.account === decision.account.id))), view)]);
  }
  return lines;
}

function identityLines(identity: Identity, memberships: { current: Membership[]; expired: Membership[] } | undefined, { sourcesFailingGates, sourcesUnproven }: Pick<ExplainInput, "sourcesFailingGates" | "sourcesUnproven">): string[] {
  const lines = [`${id(identity.id)} (${identity.kind}, ${identity.status}${identity.breakGlass ? ", break-glass" : ""}), anchor ${id(identity.anchor)}${identity.definedAt ? `, defined at ${identity.definedAt}` : ""}`];
  if (identity.records.length > 0) lines.push(`source records: ${identity.records.map((r) => id(r)).join(", ")}`);
  if (identity.formerAnchors && identity.kind !== "person") lines.push(`earlier ids: ${(identity.formerIds ?? []).map((x) => id(x)).join(", ")} (formerIds in its file: accounts marked ${identity.formerAnchors.map((r) => t(r)).join(" or ")} are its own and are re-marked ${id(identity.anchor)}, and files naming an earlier id name it)`);
  else if (identity.formerAnchors) lines.push(`earlier records: ${identity.formerAnchors.map((r) => t(r)).join(", ")} (no source exports them any more; accounts marked with them are this person's and are re-marked ${id(identity.anchor)}: finding anchor-changed)`);
  const why = (sources: readonly string[]) => absenceUnknown(sources, sourcesUnproven ?? [], sourcesFailingGates ?? []);
  if (identity.keptFrom) lines.push(`kept: ${identity.keptFrom.map((s) => t(s)).join(" and ")} ${why(identity.keptFrom).why} and no longer exports this person; the attributes it gave are as the last accepted snapshot had them`);
  if (identity.held) {
    // Replaced by the snapshot's identity (held.ts) when it is anchored in the failing source; else held as the other source gives it.
    const asBefore = identity.held.includes(sourceOfRef(identity.anchor));
    const { why: reason, until } = why(identity.held);
    lines.push(`held: ${identity.held.map((s) => t(s)).join(" and ")} ${reason} and no longer exports this person, whom another source still does; ${asBefore ? "shown as the last accepted snapshot had them, " : ""}${identity.status === "terminated" ? "offboarded all the same: they left (status terminated)" : `with nothing planned ${until}`}`);
  }
  if (identity.owner) lines.push(`owner: ${id(identity.owner)}${identity.expiresAt ? `, expires ${identity.expiresAt}` : ""}`);
  // Where each secret lives is not shown: a reference is not a secret, but explain has no need of it.
  for (const c of identity.credentials ?? []) lines.push(`credential ${id(c.id)}: ${c.type}${c.target ? ` on ${t(c.target)}` : ""}, issued ${c.issuedAt}${c.expiresAt ? `, expires ${c.expiresAt}` : `, ${noExpiryText(c)}`}${c.lastRotatedAt ? `, rotated ${c.lastRotatedAt}` : ""}`);
  lines.push("", "attributes:");
  for (const key of Object.keys(identity.attributes).sort()) {
    const v = identity.attributes[key]!;
    const p = identity.provenance[key];
    // Each value of a list on its own: one look-alike among plain values is shown with its code points.
    const shown = Array.isArray(v) ? (v.length === 0 ? "(none from the sources)" : v.map((x) => loginForReview(x)).join(", ")) : loginForReview(String(v));
    lines.push(`  ${t(key)} = ${t(shown, 80)}${p ? `    from ${t(p.source)} ${t(p.at)}${p.rule ? ` (${t(p.rule)})` : ""}${p.found ? `, found in ${t(p.found)}` : ""}` : ""}`);
  }
  // Memberships of groups defined in identities/groups/, as the planner computed them (the
  // `groups` attribute above is what the sources export, a different thing).
  lines.push("", "member of (groups in identities/):");
  const current = memberships?.current ?? [];
  const expired = memberships?.expired ?? [];
  if (current.length === 0 && expired.length === 0) lines.push("  (no group)");
  for (const m of current) lines.push(`  ${m.group}: ${membershipText(m)}`);
  for (const m of expired) lines.push(`  ${m.group}: expired on ${m.until}, ${m.at}`);
  return lines;
}

/** Why an entitlement is not justified when nothing else (scope, offboarding, no identity) says why. */
const NO_GROUP = "none of its groups maps to it";

/** The mapping(s) that turn the membership into the entitlement: the line a reviewer edits. */
function mappedText(at: readonly string[] | undefined): string {
  return at && at.length > 0 ? `, mapped at ${at.join(", ")}` : "";
}

/** A group maps to it, but the membership's `until` has passed: "none of its groups maps to it" would be false. */
function endedText(m: Membership, at: readonly string[] | undefined): string {
  return `membership of ${m.group} ended on ${m.until} (${m.at})${mappedText(at)}`;
}

function membershipText(m: Membership): string {
  return `${m.via}${m.until ? ` until ${m.until}` : ""}${m.reason ? ` (${t(m.reason)})` : ""}, ${m.at}`;
}

/** Where the account shown was read, and the journal that may have moved on since. */
interface AppView {
  facts: TargetStateFacts | undefined;
  journal: ExplainJournal | undefined;
  names: ReadonlySet<string>;
  /** The view is the target now (plan/state-current.ts): the journal's lines are not read past it. */
  current: boolean;
  /** The view is no evidence of the target now (plan/stale-view.ts): what the leavers report calls unverified. */
  stale: StaleView | undefined;
}

function appLines(d: AppDecision, app: Located<AppPolicyDoc> | undefined, identity: Identity | undefined, changes: Change[], view: AppView): string[] {
  // The identity's account under an earlier login: the identity's own scope and login are in the block about it.
  const earlier = d.earlierLogin !== undefined;
  const lines = [`app ${d.app} (target ${d.target}${app ? `, ${app.file}` : ""})${earlier ? `, the account under an earlier login, "${id(d.earlierLogin!)}"` : ""}:`];
  if (!earlier) lines.push(`  scope: ${identity ? scopeText(d, app, identity) : "no identity, so in no scope"}`);
  if (d.offboarding) lines.push(`  lifecycle: loses access (${d.offboarding.why}): ${t(d.offboarding.reason, 300)}`);
  if (identity && !earlier) lines.push(`  login: ${d.login !== undefined ? id(d.login) : `(none: no "${app?.value.accounts.login}" attribute)`}`);
  const a = d.account;
  // The account as the plan read it: a state file may be days old, and an apply since has changed it.
  const from = viewText(view.facts);
  const now = from ? `account now (${from})` : "account now";
  lines.push(a ? `  ${now}: ${id(a.login)} (id ${id(a.id)}), ${a.active ? "active" : "disabled"}, ${linkText(a)}` : `  ${now}: none`);
  // The leavers report's word for the same view: "none" or "disabled" there may not be so now.
  if (view.stale) lines.push(`  unverified${view.facts?.ageSeconds !== undefined ? ` (${describeAge(view.facts, view.facts.readFrom)})` : ""}: ${staleViewText(view.stale, t)}`);
  const since = { ...view, target: d.target, ...(a ? { account: a.id } : {}) };
  const journalled = linesSinceRead(since);
  append(lines, journalSinceText(journalled, since));
  lines.push(`  decision: ${t(d.outcome, 400)}`);
  const planned = (e: string) => changes.find((c) => c.entitlement === e && (c.action === "grant" || c.action === "revoke"));
  const shown = d.entitlements.filter((e) => e.justifiedBy || e.held || e.outranked);
  const unwanted = !identity ? "no identity has this account" : earlier ? "the account is no longer theirs" : !d.inScope ? "not in scope" : d.offboarding ? "it loses access" : NO_GROUP;
  const unmanaged = d.unmanagedPrivileged ?? [];
  lines.push(shown.length === 0 && unmanaged.length === 0 ? `  entitlements: none held, none justified (${d.entitlements.length} managed by this app)` : "  entitlements:");
  for (const e of shown) {
    const change = planned(e.entitlement);
    // Another role of its key outranks it (plan/exclusive-roles.ts): its group maps it, and the plan keeps the higher.
    const why = e.outranked
      ? `not justified: ${e.outranked.membership.group} (${membershipText(e.outranked.membership)}) maps it, but ${t(e.outranked.by)}, which ${e.outranked.byGroup} maps, outranks it (one role per account there; finding role-conflict-resolved)`
      : e.justifiedBy
        ? `justified by ${e.justifiedBy.group} (${membershipText(e.justifiedBy)})${mappedText(e.mappedAt)}${e.unranked ? `, as is ${e.unranked.map((x) => t(x)).join(", ")}, with which it has no order (finding role-conflict)` : ""}`
        : `not justified: ${e.ended && unwanted === NO_GROUP ? endedText(e.ended, e.mappedAt) : unwanted}`;
    // Held without justification and not revoked, or justified and not granted: the decision
    // above says why (an account scopesync does not manage, onLeaveScope: keep, no login).
    const kept = change ? "" : e.unranked ? `; ${e.held ? "kept" : "not granted"} until the policy says which role` : e.held && !e.justifiedBy ? "; not revoked: see the decision" : !e.held && e.justifiedBy ? "; not granted: see the decision" : "";
    lines.push(`    ${id(e.entitlement)}${e.privileged ? (e.confers ? ` (privileged: confers ${e.confers.map((x) => t(x)).join(", ")})` : " (privileged)") : ""}: ${e.held ? "held" : "not held"}, ${why}${change ? `; planned: ${change.action}` : kept}`);
  }
  // Privileged and held, but no mapping names it: scopesync never grants or revokes it, and says so.
  for (const e of unmanaged) lines.push(`    ${t(e)} (privileged): held, not managed by this app: scopesync never grants or revokes it (findings above, unless a group of the policy gives it)`);
  const others = d.entitlements.length - shown.length;
  if (shown.length > 0 && others > 0) lines.push(`    (${others} other entitlement${others === 1 ? "" : "s"} this app manages: not held, not justified)`);
  lines.push(changes.length === 0 ? "  planned: nothing" : "  planned:");
  for (const c of changes) {
    // A mover's change says "mover" as the text plan's [mover] and the comment's "(mover)" do.
    lines.push(`    ${c.action}${c.entitlement ? ` ${id(c.entitlement)}` : ""}${c.credential ? ` credential ${id(c.credential)}` : ""} (${c.origin}${c.privileged ? ", privileged" : ""}${c.move ? ", mover" : ""}): ${t(c.reason, 400)}${doneSinceRead(journalled, c.id, view.journal)}`);
    if (c.evidence.length > 0) lines.push(`      evidence: ${c.evidence.map((x) => t(x)).join("; ")}`);
  }
  return lines;
}

function linkText(a: NonNullable<AppDecision["account"]>): string {
  const held = a.entitlements.length ? `holds ${a.entitlements.map((e) => t(e)).join(", ")}` : "holds nothing";
  if (a.linkedBy === "anchor") return `linked by externalId ${t(a.externalId ?? "")}; ${held}`;
  if (a.linkedBy === "login") return `linked by login (this target does not link on externalId); ${held}`;
  if (a.linkedBy === "adopted") return `unmarked, adopted by login; ${held}`;
  return `${a.externalId ? `marked ${t(a.externalId)}` : "no externalId"}; ${held}`;
}

/**
 * The planner's scope verdict, with the rule that gives it where one can be pointed at. The rule is
 * looked up only to cite a line; the verdict is the planner's, so the two cannot disagree.
 */
function scopeText(d: AppDecision, app: Located<AppPolicyDoc> | undefined, identity: Identity): string {
  if (!app) return d.inScope ? "in scope" : "not in scope";
  const include = app.value.scope.include.findIndex((s) => matchesSelector(identity, s));
  const exclude = (app.value.scope.exclude ?? []).findIndex((s) => matchesSelector(identity, s));
  if (d.inScope) return include >= 0 && exclude < 0 ? `in scope by the include rule at ${app.file}:${app.locate(["scope", "include", include]).line}` : "in scope";
  if (include < 0) return `not in scope: no include rule matches (${app.file}:${app.locate(["scope", "include"]).line})`;
  if (exclude >= 0) return `not in scope: excluded by the rule at ${app.file}:${app.locate(["scope", "exclude", exclude]).line}`;
  return "not in scope";
}
