// The apply journal's record of what scopesync took away, read for the plan that gives it back
// (model/journal-offboarding.ts). Like cancelled-invitations.ts, it reads the repository's own
// journal (`.scopesync/journal.jsonl`, apply.journal, or the one apply writes): the journal is the one record of
// what scopesync did, and the target no longer holds what it removed.
import { existsSync } from "node:fs";
import { journalFile, journalName, type JournalRecord } from "../model/journal-record.js";
import type { TargetRename } from "../model/base-target-change.js";
import type { ProjectConfig } from "../model/documents.js";
import { doneKey, removedAccountKey, type JournalOffboarding, type JournalOffboardings } from "../model/journal-offboarding.js";
import { NON_MEMBER } from "../model/non-member-accounts.js";
import { isLeaveReason } from "../model/leaving-cause.js";
import { journalDoneLines } from "./journal-done-lines.js";
import type { Action } from "../model/change.js";
import type { AppliedReviewed } from "../model/override-binding.js";
import { formerTargetNames } from "./renamed-targets.js";

/** The journal a plan reads, and what it says earlier offboardings took (undefined: no journal). */
export interface PlanJournal {
  /** The file: `--journal` (`given`), else scopesync.yaml's apply.journal, else the default (journalFile). */
  path: string;
  offboardings: JournalOffboardings | undefined;
}

/**
 * The journal as every plan reads it, one process or one shard (shard-plan.ts), once for this
 * change's plan and the base's alike, so that a return is worded the same in both: where apply
 * writes it, its records under a target's former names read as the target's own (formerNames),
 * and with a pull request's `renames` the base reads a renamed target's under its old name.
 */
export function planJournal(repoDir: string, config: ProjectConfig, renames: ReadonlyMap<string, TargetRename>, given?: string): PlanJournal {
  const path = journalFile(repoDir, config, given);
  return { path, offboardings: underFormerNames(journalOffboardings(path, repoDir, formerTargetNames(config)), renames) };
}

/** Changes that end an account where the target has no disabled one (GitHub removes the member). */
const REMOVING = new Set<JournalRecord["action"]>(["disable-account", "delete-account"]);
/** Changes that give the account back: what an earlier offboarding lost was named when they were planned. */
const RETURNING = new Set<JournalRecord["action"]>(["create-account", "enable-account"]);
/** Changes that take access away, for JournalOffboardings.byRun. */
const TAKING = new Set<JournalRecord["action"]>(["revoke-credential", "revoke", "disable-account", "delete-account"]);

/**
 * The offboardings the journal at `journalPath` records as applied (`done`, `applied`), per target
 * and identity: the last removal since the identity's last return there, and what was lost for
 * good since then. No journal: undefined. A line that is no record (cut off by a kill, edited by
 * hand) is passed over here: every apply names it by file and line (apply/journal.ts), and what
 * it might have said only leaves a return worded as a joiner's, as before.
 */
export function journalOffboardings(journalPath: string, repoDir: string, formerNames: ReadonlyMap<string, string> = new Map()): JournalOffboardings | undefined {
  if (!existsSync(journalPath)) return undefined;
  const from = journalName(repoDir, journalPath);
  const byTarget = new Map<string, Map<string, JournalOffboarding>>();
  const byRun = new Map<string, Set<string>>();
  const byAccount = new Map<string, Map<string, string>>();
  const reviewed = new Map<string, Map<string, { actions: Partial<Record<Action, number>>; line: string }>>();
  const done = new Map<string, Map<string, number>>();
  for (const { record: r, line } of journalDoneLines(journalPath)) {
    if (typeof r.target !== "string" || typeof r.identity !== "string" || !r.action) continue;
    // A record under a renamed target's former name (formerNames) is the renamed target's history.
    const name = formerNames.get(r.target) ?? r.target;
    noteDone(done, name, r);
    if (r.outcome !== "applied") continue;
    if (r.review === "reviewed" && typeof r.fingerprint === "string") countReviewed(reviewed, name, r.fingerprint, r.action, `${from}:${line}`);
    let target = byTarget.get(name);
    if (!target) byTarget.set(name, (target = new Map()));
    const key = removedAccountKey({ ...(typeof r.account === "string" ? { id: r.account } : {}), ...(typeof r.login === "string" ? { login: r.login } : {}) });
    if (RETURNING.has(r.action)) {
      target.delete(r.identity);
      // Given back (to whomever): no longer the account of a leaver scopesync took it from.
      if (key !== undefined) byAccount.get(name)?.delete(key);
      continue;
    }
    // scopesync giving an entitlement back closes its revoke: holding it again is no undoing then.
    if (r.action === "grant" && typeof r.entitlement === "string") target.get(r.identity)?.revoked.delete(r.entitlement);
    if (!TAKING.has(r.action)) continue;
    if (typeof r.run === "string") {
      let run = byRun.get(r.run);
      if (!run) byRun.set(r.run, (run = new Set()));
      run.add(r.identity);
    }
    let off = target.get(r.identity);
    if (!off) target.set(r.identity, (off = { lost: [], revoked: new Map(), credentials: new Map() }));
    for (const item of Array.isArray(r.lost) ? r.lost : []) if (typeof item === "string" && !off.lost.includes(item)) off.lost.push(item);
    if (typeof r.at !== "string" || typeof r.run !== "string") continue;
    const step = { at: r.at, run: r.run, line: `${from}:${line}`, ...(typeof r.planTime === "string" ? { planTime: r.planTime } : {}) };
    if (r.action === "revoke" && typeof r.entitlement === "string") off.revoked.set(r.entitlement, step);
    if (r.action === "revoke-credential" && typeof r.credential === "string") off.credentials.set(r.credential, step);
    if (REMOVING.has(r.action)) {
      const nonMember = r.nonMember !== undefined && Object.hasOwn(NON_MEMBER, r.nonMember) ? r.nonMember : undefined;
      // Every line since nonMember came has `why`: one with neither is older, and says nothing of the kind.
      const kindUnknown = !nonMember && r.why === undefined;
      const grounds = typeof r.why === "string" ? (r.lifecycle !== "leaver" && isLeaveReason(r.why) ? "leave" : undefined) : r.lifecycle === undefined ? "unstated" : undefined;
      if (key !== undefined) (byAccount.get(name) ?? byAccount.set(name, new Map()).get(name)!).set(key, r.identity);
      off.removed = { ...step, action: r.action as "disable-account" | "delete-account", ...(typeof r.login === "string" ? { login: r.login } : {}), ...(typeof r.account === "string" ? { account: r.account } : {}), ...(nonMember ? { nonMember } : {}), ...(kindUnknown ? { kindUnknown } : {}), ...(grounds ? { grounds } : {}) };
    }
  }
  const reviewedRuns = new Map<string, AppliedReviewed[]>([...reviewed].map(([target, plans]) => [target, [...plans].map(([fingerprint, p]) => ({ fingerprint, ...p }))]));
  return { from, byTarget, byRun, ...(byAccount.size > 0 ? { byAccount } : {}), ...(reviewedRuns.size > 0 ? { reviewedRuns } : {}), ...(done.size > 0 ? { done } : {}) };
}

/**
 * One done step, kept as the latest instant either clock of its lines names: `state pull --now`
 * stamps readAt with the time it is given, so either may be the one a read used (as explain
 * reads them: plan/render/explain-journal.ts linesSinceRead). One number per step, not the lines.
 */
function noteDone(into: Map<string, Map<string, number>>, target: string, r: Partial<JournalRecord>): void {
  const a = instant(r.at);
  const p = instant(r.planTime);
  const at = Number.isNaN(a) ? p : Number.isNaN(p) ? a : Math.max(a, p);
  if (Number.isNaN(at)) return;
  let steps = into.get(target);
  if (!steps) into.set(target, (steps = new Map()));
  const key = doneKey(r);
  if (!(at <= (steps.get(key) ?? -Infinity))) steps.set(key, at);
}

/** The instant a journal time names, or NaN (no time, or no date). */
function instant(time: unknown): number {
  return typeof time === "string" ? Date.parse(time) : Number.NaN;
}

/** One applied change of a reviewed plan on a target, counted by action (a resumed run adds to the same plan). */
function countReviewed(into: Map<string, Map<string, { actions: Partial<Record<Action, number>>; line: string }>>, target: string, fingerprint: string, action: Action, line: string): void {
  let plans = into.get(target);
  if (!plans) into.set(target, (plans = new Map()));
  let plan = plans.get(fingerprint);
  if (!plan) plans.set(fingerprint, (plan = { actions: {}, line }));
  plan.actions[action] = (plan.actions[action] ?? 0) + 1;
  plan.line = line;
}

/**
 * `plan --base` with a renamed target: the base plans it under its old name, and reads the same
 * records there as this change does under the new one, so that a return is worded alike in both.
 */
export function underFormerNames(offboardings: JournalOffboardings | undefined, renames: ReadonlyMap<string, TargetRename>): JournalOffboardings | undefined {
  if (!offboardings || renames.size === 0) return offboardings;
  const byTarget = new Map(offboardings.byTarget);
  const byAccount = new Map(offboardings.byAccount);
  for (const r of renames.values()) {
    const records = offboardings.byTarget.get(r.to);
    if (r.same && records) byTarget.set(r.from, records);
    const accounts = offboardings.byAccount?.get(r.to);
    if (r.same && accounts) byAccount.set(r.from, accounts);
  }
  return { ...offboardings, byTarget, ...(byAccount.size > 0 ? { byAccount } : {}) };
}
