// Changes a cut-off run left open (a journal `start` with no end: a killed runner, a CI timeout)
// that this run's re-plan no longer has. The line that closes one must not claim an outcome nothing
// observed. The re-plan drops a change when the cut run made it, but also when what is wanted
// changed since (a rescinded termination, a rehire, a merged policy change): "done, already in
// place" for all of them recorded a privileged membership as removed while the app still held it.
//
// So the closing line says what this run knows. Its live read of the target (taken under the
// target's lease, before anything is applied) shows the change's subject: when it shows what the
// change was to make (the member gone, the account disabled), the line is `done` / `unchanged` on
// that evidence; otherwise it is `abandoned`, saying what the read shows and that the change was
// not carried out. Either way `replan` and `planTime` are this run's, and `cutRun` names the run
// that was cut off. What the read shows is noted as it comes in, for the open `start`s only: the
// states themselves are not kept through the apply.
//
// The CLI's apply and the Action's (github/apply-reviewed.ts: the workflows carry the journal from
// run to run) both resume through `Resume` below, so that an open line is never left for an auditor
// to guess at, and never closed on anything but this run's read.
import type { Change } from "../model/change.js";
import type { JournalRecord } from "../model/journal-record.js";
import { unreadableLinesText } from "../model/journal-lines.js";
import { openStarts, type Journal } from "./journal.js";
import { normaliseLogin } from "../model/keys.js";
import type { TargetAccount, TargetState } from "../model/target-state.js";

/** What one read showed of a cut-off change: in place (true), not (false) or cannot tell, and the words for it. */
export interface Seen {
  inPlace: boolean | undefined;
  shows: string;
}

const keyOf = (r: JournalRecord) => `${r.run}\u0000${r.fingerprint}\u0000${r.change}`;
const sameName = (a: string, b: string) => normaliseLogin(a) === normaliseLogin(b);

/** What `observe` looks at of a line (or of a reviewed change not made: apply/reviewed-not-made.ts). */
export type Observed = Pick<JournalRecord, "action" | "identity" | "account" | "login" | "entitlement" | "credential">;

/** The account a line names: by its id (null: the read has no such id any more), else by login; undefined: no way to tell. */
function accountOf(cut: Observed, state: TargetState): TargetAccount | null | undefined {
  if (cut.account) return state.accounts.find((a) => a.id === cut.account) ?? null;
  if (cut.login) return state.accounts.find((a) => sameName(a.login, cut.login!));
  return undefined;
}

function named(account: TargetAccount): string {
  return `"${account.login}" (account ${account.id})`;
}

/** What `state` shows of what `cut` was to make. */
export function observe(cut: Observed, state: TargetState): Seen {
  // A line an older version wrote names no entitlement or credential (they came with e0b7ceb):
  // nothing says what to look for, so no read can show it in place.
  if ((cut.action === "grant" || cut.action === "revoke") && !cut.entitlement) return { inPlace: undefined, shows: "not which entitlement (the journal line names none: an older version wrote it)" };
  if (cut.action === "revoke-credential" && !cut.credential) return { inPlace: undefined, shows: "not which credential (the journal line names none: an older version wrote it)" };
  const account = accountOf(cut, state);
  const gone = account === null ? `no account ${cut.account}` : account === undefined ? `no account "${cut.login ?? cut.identity}"` : "";
  switch (cut.action) {
    case "grant":
    case "revoke": {
      const entitlement = cut.entitlement!;
      // No account: nothing granted; a revoke is in place only when the account it names is gone.
      if (!account) return { inPlace: cut.action === "grant" ? false : account === null ? true : undefined, shows: gone };
      const holds = account.entitlements.some((e) => sameName(e, entitlement));
      return { inPlace: holds === (cut.action === "grant"), shows: `${named(account)} ${holds ? (cut.action === "revoke" ? "still holds" : "holds") : cut.action === "grant" ? "still lacks" : "does not hold"} ${entitlement}` };
    }
    case "disable-account":
    case "enable-account": {
      const disabling = cut.action === "disable-account";
      // No account: nothing enabled; a disable is in place only when the account it names is gone.
      if (!account) return { inPlace: !disabling ? false : account === null ? true : undefined, shows: gone };
      return { inPlace: account.active !== disabling, shows: `${named(account)} ${account.active ? (disabling ? "still active" : "active") : disabling ? "disabled" : "still disabled"}` };
    }
    case "delete-account":
      if (!account) return { inPlace: account === null ? true : undefined, shows: gone };
      return { inPlace: false, shows: `${named(account)} still there` };
    case "create-account": {
      const made = cut.login ? state.accounts.find((a) => sameName(a.login, cut.login!)) : undefined;
      return made ? { inPlace: true, shows: `${named(made)} in place` } : { inPlace: false, shows: `no account "${cut.login ?? cut.identity}"` };
    }
    case "revoke-credential": {
      const id = cut.credential!;
      if (state.credentials.some((c) => c.id === id)) return { inPlace: false, shows: `the credential ${id} still listed` };
      const unread = state.unreadCredentials?.find((u) => id.startsWith(u.idPrefix));
      if (unread) return { inPlace: undefined, shows: `credentials like ${id} not listed by this read (${unread.finding.rule})` };
      return { inPlace: true, shows: `the credential ${id} no longer listed` };
    }
    default:
      // update-account: the journal does not name the values an update sets, so no read can confirm them.
      return { inPlace: undefined, shows: "not which values the update sets (the journal does not name them)" };
  }
}

/** Notes what each target's live read shows of the open `start`s on it, as the re-plan reads the targets. */
export class CutOffWatch {
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly open: readonly JournalRecord[]) {}

  /** Wraps the re-plan's read so that each target's state is looked at on its way in. */
  reads<T extends { state: TargetState }>(read: () => Promise<Map<string, T>>): () => Promise<Map<string, T>> {
    if (this.open.length === 0) return read;
    return async () => {
      const reads = await read();
      for (const cut of this.open) {
        const state = reads.get(cut.target)?.state;
        if (state) this.seen.set(keyOf(cut), observe(cut, state));
      }
      return reads;
    };
  }

  /**
   * The line that closes `cut`, which this run's re-plan (`replan`, judged at `planTime`) does not
   * have, and the note that says so. `planned`: the re-plan's changes (one making the same change
   * under another id closes it as abandoned, pointing to it).
   */
  close(cut: JournalRecord, planned: readonly Change[], now: { at: string; run: string; replan: string; planTime: string }): { record: JournalRecord; note: string } {
    const { phase: _phase, ...rest } = cut;
    const base = { ...rest, at: now.at, run: now.run, replan: now.replan, planTime: now.planTime, attempts: 0, cutRun: cut.run };
    const what = `${cut.action}${cut.entitlement ? ` ${cut.entitlement}` : ""}${cut.credential ? ` ${cut.credential}` : ""} for ${cut.identity} on ${cut.target}`;
    const again = planned.find((c) => c.target === cut.target && c.action === cut.action && c.identity === cut.identity && (c.entitlement ?? "") === (cut.entitlement ?? "") && (c.credential ?? "") === (cut.credential ?? ""));
    if (again) {
      const reason = `not carried out under this id: this run's re-plan makes the same change as ${again.id}, whose own lines say what became of it`;
      return { record: { ...base, phase: "abandoned", reason }, note: `${what} (cut off in run ${cut.run}): ${reason}` };
    }
    const seen = this.seen.get(keyOf(cut));
    if (seen?.inPlace === true) {
      const reason = `in place: this run's read of ${cut.target} shows ${seen.shows}, as the change was to make it (the cut-off run, or someone since, made it), and its re-plan no longer has it`;
      return { record: { ...base, phase: "done", outcome: "unchanged", reason }, note: `${what} (cut off in run ${cut.run}): ${reason}` };
    }
    const shows = seen ? `its read of ${cut.target} shows ${seen.shows}` : `${cut.target} was not read by this run`;
    const reason = `not carried out: this run's re-plan no longer has it (what is wanted changed since the cut-off run: a rescinded leaver, a rehire, a changed policy or source), and ${shows}${seen?.inPlace === undefined ? ", which does not tell whether it is in place" : ""}`;
    return { record: { ...base, phase: "abandoned", reason }, note: `${what} (cut off in run ${cut.run}): ${reason}` };
  }
}

/** `note:` text for one open line of the plan being applied; `show` makes a value safe for where it is printed. */
export function cutOffNote(cut: JournalRecord, show: (text: string) => string = (t) => t): string {
  return `a previous run was cut off while applying ${cut.action} for ${show(cut.identity)} on ${cut.target}; it is re-checked now`;
}

/**
 * Whether `r` records a change of plan `fingerprint` that an apply carried out: the revocations
 * the Revoke job applied before this Grant job re-plans (they are gone from its re-plan, and are
 * no "already in place by someone else"), or an earlier run of the same commit. Only the runner's
 * own `done` lines count (they carry no `reason`); a line that records what a read showed (a
 * cut-off change closed in place, a reviewed change found in place) does not.
 */
function carriedOut(r: JournalRecord, fingerprint: string): boolean {
  return r.fingerprint === fingerprint && r.phase === "done" && r.reason === undefined;
}

/** `warning:` text for the journal's unreadable lines: the first five by file:line, then how many more. */
export function unreadableJournalNote(path: string, lines: readonly number[], show: (text: string) => string = (t) => t): string {
  return `${unreadableLinesText(path, lines, show)}; what it recorded is re-checked against the targets by this run`;
}

/**
 * Resuming after a cut-off run (docs/formats.md, "The apply journal"), for the CLI and the Action
 * alike. Made before the targets are read: the journal is read once, streamed (a year of it is
 * more than a string may hold), keeping only the open `start`s, the lines that are no record and,
 * for a reviewed plan, the changes already carried out; `reads` wraps the re-plan's read so that
 * what it shows of each open `start` is noted (CutOffWatch). After the apply, `close` ends each
 * open line of the plan applied that this run neither planned again nor reported, on a target it
 * read: `done` / `unchanged` only on what that read shows, else `abandoned` with why.
 */
export class Resume {
  /** Lines of the journal that are no whole record (numbered from 1): reported, never passed over. */
  readonly unreadable: readonly number[];
  /** The changes of the reviewed plan (`reviewed`) the journal, as read before the targets, records carried out (apply/reviewed-not-made.ts). */
  readonly carried: ReadonlySet<string>;
  private readonly open: readonly JournalRecord[];
  private readonly watch: CutOffWatch;

  /** `reviewed`: the reviewed plan's fingerprint, whose changes carried out are kept (none without). */
  constructor(private readonly journal: Journal, reviewed?: string) {
    const unreadable: number[] = [];
    const carried = new Set<string>();
    const records = journal.lines();
    // One pass: openStarts keeps a start until its end comes, so only the open ones are held.
    this.open = openStarts((function* () {
      for (const l of records) {
        if (!l.record) {
          unreadable.push(l.line);
          continue;
        }
        if (reviewed !== undefined && carriedOut(l.record, reviewed)) carried.add(l.record.change);
        yield l.record;
      }
    })());
    this.unreadable = unreadable;
    this.carried = carried;
    this.watch = new CutOffWatch(this.open);
  }

  /** The re-plan's read, with what it shows of each open `start` noted on the way in. */
  reads<T extends { state: TargetState }>(read: () => Promise<Map<string, T>>): () => Promise<Map<string, T>> {
    return this.watch.reads(read);
  }

  /** The `start` lines of plan `fingerprint` that earlier runs left open. */
  cutOff(fingerprint: string): JournalRecord[] {
    return this.open.filter((r) => r.fingerprint === fingerprint);
  }

  /**
   * Closes each of `cuts` that this run's re-plan (`planned`, judged at `planTime`, fingerprint
   * `replan`) no longer has and that it did not report (`reported`: a reviewed change `skipped`
   * keeps its own line as the last), on a target it read (`checked`). One planned again closes
   * through the runner's own lines; one held back, or on a target left unread or not applied here,
   * stays open for the run that does apply it. Returns the notes that say how each was closed.
   */
  close(cuts: readonly JournalRecord[], o: { run: string; replan: string; planTime: string; planned: readonly Change[]; reported: ReadonlySet<string>; checked: (target: string) => boolean }): string[] {
    const planned = new Set(o.planned.map((c) => c.id));
    const notes: string[] = [];
    for (const cut of cuts) {
      if (!o.checked(cut.target) || planned.has(cut.change) || o.reported.has(cut.change)) continue;
      const closed = this.watch.close(cut, o.planned, { at: new Date().toISOString(), run: o.run, replan: o.replan, planTime: o.planTime });
      this.journal.write(closed.record);
      notes.push(closed.note);
    }
    return notes;
  }
}
