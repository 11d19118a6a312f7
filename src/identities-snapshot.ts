// The identities snapshot (`scopesync resolve --out identities.snapshot`): what sources,
// quality gates and correlation decided, written once and shared by every shard of a plan, so
// each `plan --target NAME` job starts from the same identities instead of reading every source.
//
// One JSON value a line (docs/formats.md, "Identities snapshot"): a million identities do not fit
// in one JavaScript string, and a line at a time is written and read without holding them twice.
// Line 1 is the header: what the snapshot was made from and its fingerprint, the sha256 of the
// header's other fields and every later line, so an edited or truncated file is refused.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { canonicalJson } from "./model/canonical-json.js";
import { ScopesyncError } from "./model/errors.js";
import type { Finding } from "./model/finding.js";
import type { Identity } from "./model/identity.js";
import type { ControlChange } from "./model/control-change.js";
import { redact } from "./model/redact.js";
import type { SourceStatus } from "./model/source-status.js";
import { writeWholeFile } from "./model/whole-file.js";

export const SNAPSHOT_KIND = "scopesync-identities";
// 2: `base` carries the base's own source status (sourcesRead, sourcesFailingGates,
// sourcesUnproven). A format-1 snapshot has none, and a shard would plan the base with this
// change's status (a retired source's leaver not named, a churn the PR accepts credited to the
// source), so it is refused by its version rather than read as if the two were the same.
// 3: no secret-shaped value (model/secret-free-identities.ts): a secret-shaped id is written as
// the anchor the plan names it by, and every other such value hidden. A format-2 file may hold the
// raw key, and its shards would plan that identity under another id than one process now does (the
// merge would not be the plan), so it is refused too, saying to resolve again.
export const SNAPSHOT_FORMAT_VERSION = 3;
/** Why a snapshot of an earlier format is not read, said with its refusal. */
const OLDER_FORMATS: Record<number, string> = {
  1: "format 1 has no source status of the base",
  2: "format 2 may hold a secret-shaped id or value an export carried",
};

export interface IdentitiesSnapshot extends SourceStatus {
  /** sha256 of the snapshot's content: shards record it, merge compares it. */
  fingerprint: string;
  inputs: {
    /** repoDigest of the policy files the identities were resolved with. */
    repo: string;
    /** The time planned for (`--now`), ISO 8601. */
    now: string;
    fromSnapshots: boolean;
  };
  identities: Identity[];
  /** Identities as the last accepted source snapshots gave them; the same list when those are the sources read. */
  prior?: Identity[];
  /** Quality-gate, correlation and reference findings: plan-wide, not tied to a target. */
  findings: Finding[];
  /**
   * With `resolve --base REF`: the identities as the base revision's files resolve the same
   * records, and the base's own source status (the base reads a source whose entry differs with
   * its own entry and gates, and does not read one it lacks); all empty when the base does not load.
   */
  base?: SourceStatus & {
    ref: string;
    /** repoDigest of the base's policy files, or null when the base does not load (it plans nothing). */
    repo: string | null;
    identities: Identity[];
    prior?: Identity[];
    desiredStateDiff: Array<{ file: string; patch: string }>;
    /** The changes this change makes to the controls (config/control-changes.ts): `plan merge` says them as one process does; absent when none. */
    controls?: ControlChange[];
    /**
     * The base's targets this change no longer configures (removed, or renamed away), sorted;
     * absent when none. Each gets a shard of its own (what the base revokes there that nothing
     * will plan once this merges), and `plan merge` refuses to go without it.
     */
    removedTargets?: string[];
  };
}

type Body = Omit<IdentitiesSnapshot, "fingerprint">;
type Line = { identity: Identity } | { prior: Identity } | { finding: Finding } | { baseIdentity: Identity } | { basePrior: Identity };

/** Header fields other than the fingerprint: what the snapshot is, and how many lines of each kind follow. */
function headerOf(s: Body): Record<string, unknown> {
  return JSON.parse(redact(JSON.stringify(headerFields(s)))) as Record<string, unknown>;
}

function headerFields(s: Body): Record<string, unknown> {
  const samePrior = s.prior === s.identities;
  const baseSamePrior = s.base?.prior === s.base?.identities;
  return {
    kind: SNAPSHOT_KIND,
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    inputs: s.inputs,
    sourcesRead: s.sourcesRead,
    sourcesFailingGates: s.sourcesFailingGates,
    ...(s.sourcesUnproven && s.sourcesUnproven.length > 0 ? { sourcesUnproven: s.sourcesUnproven } : {}),
    counts: { identities: s.identities.length, prior: s.prior && !samePrior ? s.prior.length : 0, findings: s.findings.length, baseIdentities: s.base?.identities.length ?? 0, basePrior: s.base?.prior && !baseSamePrior ? s.base.prior.length : 0 },
    prior: s.prior === undefined ? "none" : samePrior ? "identities" : "lines",
    ...(s.base ? { base: { ref: s.base.ref, repo: s.base.repo, desiredStateDiff: s.base.desiredStateDiff, ...(s.base.controls && s.base.controls.length > 0 ? { controls: s.base.controls } : {}), prior: s.base.prior === undefined ? "none" : baseSamePrior ? "identities" : "lines", ...(s.base.removedTargets && s.base.removedTargets.length > 0 ? { removedTargets: s.base.removedTargets } : {}), sourcesRead: s.base.sourcesRead, sourcesFailingGates: s.base.sourcesFailingGates, ...(s.base.sourcesUnproven && s.base.sourcesUnproven.length > 0 ? { sourcesUnproven: s.base.sourcesUnproven } : {}) } } : {}),
  };
}

/**
 * Every line after the header; a secret the repository references never reaches the file (redact).
 * The identities hold no secret-shaped value already (compile.ts resolve: one process plans from
 * the same ones); findings were masked as they were made.
 */
function* bodyLines(s: Body): Generator<string> {
  for (const identity of s.identities) yield redact(canonicalJson({ identity }, 0));
  if (s.prior && s.prior !== s.identities) for (const prior of s.prior) yield redact(canonicalJson({ prior }, 0));
  for (const finding of s.findings) yield redact(canonicalJson({ finding }, 0));
  for (const baseIdentity of s.base?.identities ?? []) yield redact(canonicalJson({ baseIdentity }, 0));
  if (s.base?.prior && s.base.prior !== s.base.identities) for (const basePrior of s.base.prior) yield redact(canonicalJson({ basePrior }, 0));
}

/** The snapshot with its fingerprint: sha256 over the header and every line, as written. */
export function sealSnapshot(body: Body): IdentitiesSnapshot {
  const hash = createHash("sha256").update(`${canonicalJson(headerOf(body), 0)}\n`);
  for (const line of bodyLines(body)) hash.update(`${line}\n`);
  return { ...body, fingerprint: `sha256:${hash.digest("hex")}` };
}

/**
 * Written whole or not at all (model/whole-file.ts): a temp file beside `path`, every write's
 * count checked, flushed, then renamed. A full disk stops the run naming `shown` and the disk; the
 * file is what it was, never a cut-off one announced as written (which each shard job would later
 * call "damaged or was edited").
 */
export function writeSnapshot(path: string, s: IdentitiesSnapshot, shown: string = path): void {
  writeWholeFile({ path, shown, pieces: snapshotLines(s) });
}

/** The snapshot's bytes as writeSnapshot writes them, a line at a time (for `resolve --out -` and streams). */
export function* snapshotLines(s: IdentitiesSnapshot): Generator<string> {
  yield `${canonicalJson({ ...headerOf(s), fingerprint: s.fingerprint }, 0)}\n`;
  for (const line of bodyLines(s)) yield `${line}\n`;
}

/**
 * A header list of names, or the snapshot refused: a removed target it cannot name would go
 * unplanned, and a base planned without its own source status would be planned wrongly.
 */
function stringList(value: unknown, field: string, what: string, bad: (line: number, what: string) => ScopesyncError): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw bad(1, `${field} is not a list of ${what}`);
  return value as string[];
}

/** The header's changes of the controls, or the snapshot refused: a merge without them would not name them. */
function controlList(value: unknown, bad: (line: number, what: string) => ScopesyncError): ControlChange[] {
  const ok = (c: any): boolean => typeof c?.words === "string" && typeof c.at === "string" && (c.exception === undefined || (typeof c.exception.rule === "string" && typeof c.exception.identity === "string"));
  if (!Array.isArray(value) || !value.every(ok)) throw bad(1, "base.controls is not a list of changes of the controls (words, at)");
  return value as ControlChange[];
}

/** The base section of a header, with the base's identities read from the lines after it. */
function baseOf(header: Record<string, any>, identities: Identity[], prior: Identity[], bad: (line: number, what: string) => ScopesyncError): IdentitiesSnapshot["base"] {
  const b = header.base as Record<string, any>;
  const unproven = b.sourcesUnproven === undefined ? [] : stringList(b.sourcesUnproven, "base.sourcesUnproven", "source names", bad);
  return {
    ref: b.ref,
    repo: b.repo,
    identities,
    ...(b.prior === "identities" ? { prior: identities } : b.prior === "lines" ? { prior } : {}),
    desiredStateDiff: b.desiredStateDiff,
    ...(b.controls !== undefined ? { controls: controlList(b.controls, bad) } : {}),
    ...(b.removedTargets !== undefined ? { removedTargets: stringList(b.removedTargets, "base.removedTargets", "target names", bad) } : {}),
    sourcesRead: stringList(b.sourcesRead, "base.sourcesRead", "source names", bad),
    sourcesFailingGates: stringList(b.sourcesFailingGates, "base.sourcesFailingGates", "source names", bad),
    ...(unproven.length > 0 ? { sourcesUnproven: unproven } : {}),
  };
}

/** Reads and checks a snapshot: its kind, version, line counts and fingerprint; `shown` names it in errors. */
export async function readSnapshot(path: string, shown: string): Promise<IdentitiesSnapshot> {
  const bad = (line: number, what: string, hint = "make it again with scopesync resolve --out FILE"): ScopesyncError => new ScopesyncError(`${shown}:${line}: ${what}`, hint);
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let header: Record<string, any> | undefined;
  const identities: Identity[] = [];
  const prior: Identity[] = [];
  const findings: Finding[] = [];
  const baseIdentities: Identity[] = [];
  const basePrior: Identity[] = [];
  // The lines are hashed as read: they are the canonical JSON the writer hashed, so the
  // fingerprint is checked without serialising every identity again.
  const hash = createHash("sha256");
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      if (n > 1) hash.update(`${text}\n`);
      let value: any;
      try {
        value = JSON.parse(text);
      } catch {
        throw bad(n, n === 1 ? "not an identities snapshot (the first line is not JSON)" : "not JSON: the file is damaged or was edited");
      }
      if (n === 1) {
        if (value?.kind !== SNAPSHOT_KIND) throw bad(1, `not an identities snapshot (no "kind": "${SNAPSHOT_KIND}")`, "pass the file scopesync resolve --out FILE wrote");
        if (value.formatVersion !== SNAPSHOT_FORMAT_VERSION) throw bad(1, `identities snapshot format ${String(value.formatVersion)}, this scopesync reads format ${SNAPSHOT_FORMAT_VERSION}${typeof value.formatVersion === "number" && OLDER_FORMATS[value.formatVersion] ? ` (${OLDER_FORMATS[value.formatVersion]})` : ""}`, "resolve again with this scopesync (scopesync resolve --out FILE), then plan and merge every shard with it");
        header = value;
        const { fingerprint: _, ...fields } = value;
        hash.update(`${canonicalJson(fields, 0)}\n`);
        continue;
      }
      const line = value as Line;
      if ("identity" in line) identities.push(line.identity);
      else if ("prior" in line) prior.push(line.prior);
      else if ("finding" in line) findings.push(line.finding);
      else if ("baseIdentity" in line) baseIdentities.push(line.baseIdentity);
      else if ("basePrior" in line) basePrior.push(line.basePrior);
      else throw bad(n, "a line of no known kind (identity, prior, finding, baseIdentity, basePrior)");
    }
  } catch (e) {
    if (e instanceof ScopesyncError) throw e;
    throw new ScopesyncError(`${shown}: cannot read the identities snapshot (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, "pass the file scopesync resolve --out FILE wrote");
  }
  if (!header) throw bad(1, "empty file, not an identities snapshot", "pass the file scopesync resolve --out FILE wrote");
  const body: Body = {
    inputs: header.inputs,
    identities,
    ...(header.prior === "identities" ? { prior: identities } : header.prior === "lines" ? { prior } : {}),
    findings,
    sourcesRead: header.sourcesRead,
    sourcesFailingGates: header.sourcesFailingGates,
    ...(Array.isArray(header.sourcesUnproven) && header.sourcesUnproven.length > 0 ? { sourcesUnproven: header.sourcesUnproven as string[] } : {}),
    ...(header.base ? { base: baseOf(header, baseIdentities, basePrior, bad) } : {}),
  };
  if (`sha256:${hash.digest("hex")}` !== header.fingerprint) {
    throw bad(1, `the content does not match the fingerprint (${String(header.fingerprint)}); the file is damaged, cut short or was edited`);
  }
  return { ...body, fingerprint: header.fingerprint as string };
}
