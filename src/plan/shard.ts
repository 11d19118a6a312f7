// A plan shard: one target's part of a plan (`plan --target NAME`), and what `plan merge` needs to
// finish the plan from all of them: which inputs it was planned from, and what the target's
// identities hold after the plan for the rules that cross targets, and which apply journal it read.
import { createHash } from "node:crypto";
import { ACTION_ORDER, type Change } from "../model/change.js";
import { canonicalJsonPieces } from "../model/canonical-json.js";
import { ScopesyncError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import { parseJsonBytes } from "../model/large-json.js";
import { redact } from "../model/redact.js";
import type { JournalSeen } from "../model/journal-record.js";
import type { AfterFacts } from "./after-facts.js";
import type { TargetPart } from "./target-part.js";

export const SHARD_KIND = "scopesync-plan-shard";
/**
 * 4: canonical JSON in lines, its fingerprint last (shardPieces), any length; 3: sealed with a
 * fingerprint, one line of JSON; 2: shards read the apply journal, and say which (`journal`); a
 * format-1 shard read none.
 */
export const SHARD_FORMAT_VERSION = 4;
/** Why a shard of an older format is refused, by format. */
const OLDER_FORMATS: Record<number, string> = {
  1: "format 1 was planned without the apply journal",
  2: "format 2 carried no fingerprint, so an edited or cut-short shard could not be told",
  3: "format 3 was one line of JSON, which no shard longer than a string could be",
};

export interface PlanShard {
  kind: typeof SHARD_KIND;
  formatVersion: typeof SHARD_FORMAT_VERSION;
  /** The identities snapshot's fingerprint: every shard of one plan has the same. */
  identities: string;
  /** The time the plan is made for (`--now`), ISO 8601. */
  now: string;
  /** With a base revision: this PR's changes are marked (origin "pr") against it. */
  base?: string;
  /** The apply journal the shard was planned with; absent when there was none. Every shard of one plan, and the merge, read the same. */
  journal?: JournalSeen;
  part: TargetPart;
  after: AfterFacts;
  /**
   * The order the planner listed each change's attributes in (policy mapping order, then login
   * and externalId), by the change's position in `part.changes`, for the changes where it is not
   * name order. The shard is canonical JSON, which sorts every object's keys; without this the
   * merged plan's text and Markdown would list them in name order, unlike the one-process plan.
   */
  attributeOrder?: Record<string, string[]>;
}

/**
 * The shard of a target only the base configures (this pull request removes or renames it), made with
 * --base: no part (nothing plans that target once this change merges, and the plan has no
 * `targets` entry for it), only what the base revokes there that this change cancels
 * (pr-cancels-revocations), planned over the base's own state of it as a one-process plan does.
 * Without it a sharded plan could not see that offboarding at all.
 */
export interface RemovedTargetShard {
  kind: typeof SHARD_KIND;
  formatVersion: typeof SHARD_FORMAT_VERSION;
  identities: string;
  now: string;
  base: string;
  /** As PlanShard's: the base's plan of the removed target reads the journal too. */
  journal?: JournalSeen;
  removed: { target: string; findings: Finding[] };
}

/** What `plan --target NAME` writes: a target's part, or, for a target only the base has, what its removal cancels. */
export type ShardFile = PlanShard | RemovedTargetShard;

/** The target a shard is for. */
export function shardTarget(shard: ShardFile): string {
  return "removed" in shard ? shard.removed.target : shard.part.target;
}

/** What a written shard holds, for the line that says it was written. */
export function shardContents(shard: ShardFile): string {
  if (!("removed" in shard)) return `${shard.part.changes.length} changes`;
  const cancels = shard.removed.findings.length > 0 ? `the revocations ${shard.base} makes there that this cancels are named (pr-cancels-revocations)` : `${shard.base} revokes nothing there`;
  return `a target this pull request removes: no changes; ${cancels}`;
}

/** The attribute order of the changes whose attributes are not in name order, for PlanShard.attributeOrder. */
export function attributeOrderOf(changes: readonly Change[]): Record<string, string[]> | undefined {
  let out: Record<string, string[]> | undefined;
  changes.forEach((c, i) => {
    if (!c.attributes) return;
    const names = Object.keys(c.attributes);
    if (names.some((n, k) => k > 0 && names[k - 1]! > n)) (out ??= {})[String(i)] = names;
  });
  return out;
}

/** The changes' attributes put back in the order the shard recorded (names it does not list keep their place after those). */
function restoreAttributeOrder(changes: Change[], order: Record<string, string[]> | undefined): void {
  if (!order || typeof order !== "object") return;
  for (const [at, names] of Object.entries(order)) {
    const c = changes[Number(at)];
    if (!c?.attributes || !Array.isArray(names)) continue;
    const rest = new Map(Object.entries(c.attributes));
    const ordered: Array<[string, NonNullable<Change["attributes"]>[string]]> = [];
    for (const n of names) {
      const v = typeof n === "string" ? rest.get(n) : undefined;
      if (v === undefined) continue;
      ordered.push([n, v]);
      rest.delete(n);
    }
    // fromEntries defines each name as its own property, whatever it is called.
    c.attributes = Object.fromEntries([...ordered, ...rest]);
  }
}

// A shard travels between jobs as an artifact, and the merged plan is what reviewers approve and
// apply carries out: a shard edited or damaged on the way would change that plan unseen (a change
// left out, another action, another target's change), as an edited identities snapshot would. So
// a shard is sealed as the snapshot is: the sha256 of its text, checked before anything in it is
// used. The text is canonical JSON without white space, put on lines a change, a finding and an
// identity's holdings at a time (a target's part of a million people's first plan is longer than
// the longest string, so it is written and printed in pieces), and the seal is its last member,
// `fingerprint`: the sha256 of the text before it, closed, taken as the text is written.
const SEAL = /\r?\n,"fingerprint":"(sha256:[0-9a-f]{64})"\r?\n\}\s*$/;
/** How the text before the seal is closed for its digest: as the text without the seal would end. */
const CLOSE = "\n}";
const CR = 0x0d;

/**
 * The file `plan --target` writes, in pieces: the shard as canonical JSON (secrets masked, each
 * piece on its own), a line a piece, then its fingerprint. Each piece but the first begins with a
 * line break, so a writer may cut between any two (print-pieces.ts jsonLines).
 */
export function* shardPieces(shard: ShardFile): Generator<string> {
  const hash = createHash("sha256");
  let held: string | undefined;
  for (const piece of canonicalJsonPieces(shard, 0, 3)) {
    if (held !== undefined) {
      hash.update(held);
      yield held;
    }
    held = held === undefined ? redact(piece) : `\n${redact(piece)}`;
  }
  // The last piece closes the object: the seal is written in front of it.
  if (held !== "\n}") throw new Error("a shard's canonical JSON does not end its object as written");
  yield `\n,"fingerprint":"sha256:${hash.update(CLOSE).digest("hex")}"${CLOSE}\n`;
}

/** The whole file shardPieces writes, as one string: for a shard known to be small (tests). */
export function shardText(shard: ShardFile): string {
  let text = "";
  for (const piece of shardPieces(shard)) text += piece;
  return text;
}

/**
 * Throws unless the bytes carry the fingerprint shardPieces sealed them with, and their content
 * matches it. The text holds no carriage return (JSON escapes one in a string): those a checkout or
 * an editor put at its line ends are not content, nor is white space after its closing brace.
 */
function checkSeal(file: string, bytes: Uint8Array): void {
  const tailAt = Math.max(0, bytes.length - 256);
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + tailAt, bytes.length - tailAt).toString("latin1");
  const seal = SEAL.exec(tail);
  if (seal) {
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, tailAt + seal.index);
    const content = body.includes(CR) ? body.filter((b) => b !== CR) : body;
    if (`sha256:${createHash("sha256").update(content).update(CLOSE).digest("hex")}` === seal[1]) return;
  }
  const what = seal ? `its content does not match its fingerprint (${seal[1]})` : "it carries no fingerprint where scopesync writes one";
  throw new ScopesyncError(`${file}: ${what}; the shard is damaged, cut short or was edited`, "plan the shard again with scopesync plan --target NAME --out FILE, and pass the file it wrote as it is");
}

/**
 * A shard file read back (its bytes, or its text): checked to be a shard of this format, or a
 * clear error naming the file. One longer than a string is read a member and an element at a time
 * (model/large-json.ts).
 */
export function parseShard(file: string, given: Uint8Array | string): ShardFile {
  const bytes = typeof given === "string" ? Buffer.from(given, "utf8") : Buffer.from(given.buffer, given.byteOffset, given.byteLength);
  const read = parseJsonBytes(bytes);
  if (!read.ok) {
    // The identities snapshot is JSON lines: the file for --identities, given among the shards.
    if (/^\{[^\n]*"kind":"scopesync-identities"/.test(bytes.subarray(0, 1 << 16).toString("utf8"))) {
      throw new ScopesyncError(`${file}: an identities snapshot, not a plan shard`, `pass it as --identities ${file}, and the files scopesync plan --target NAME --out FILE wrote as the shards`);
    }
    throw new ScopesyncError(`${file}: ${read.problem}`, "pass the files `scopesync plan --target NAME --out FILE` wrote");
  }
  const value = read.value;
  const shard = value as Partial<PlanShard> | null;
  if (!shard || typeof shard !== "object" || shard.kind !== SHARD_KIND) {
    if (shard && typeof shard === "object" && "fingerprint" in shard && "changes" in shard) {
      throw new ScopesyncError(`${file}: a whole plan (scopesync plan --format json), not a plan shard`, `leave ${file} out of plan merge: merge only the files scopesync plan --target NAME --out FILE wrote`);
    }
    throw new ScopesyncError(`${file}: not a plan shard (no "kind": "${SHARD_KIND}")`, "make one shard per target with scopesync plan --target NAME --identities identities.snapshot --out FILE");
  }
  if (shard.formatVersion !== SHARD_FORMAT_VERSION) {
    const version = shard.formatVersion;
    const older = typeof version === "number" && OLDER_FORMATS[version] ? ` (${OLDER_FORMATS[version]})` : "";
    const said = version === undefined ? "a plan shard without a formatVersion" : `plan shard format ${JSON.stringify(version)}`;
    throw new ScopesyncError(`${file}: ${said}, this scopesync reads format ${SHARD_FORMAT_VERSION}${older}`, "plan every shard and merge them with the same scopesync version");
  }
  checkSeal(file, bytes);
  if (shard.journal !== undefined && (typeof shard.journal !== "object" || shard.journal === null || typeof shard.journal.from !== "string" || typeof shard.journal.digest !== "string")) {
    throw new ScopesyncError(`${file}: damaged plan shard (its journal is not { from, digest })`, "plan the shard again with scopesync plan --target NAME");
  }
  if ("removed" in shard) return removedShard(file, shard as Partial<RemovedTargetShard> & { part?: unknown });
  if (typeof shard.identities !== "string" || typeof shard.now !== "string" || !shard.part || typeof shard.part.target !== "string" || !Array.isArray(shard.part.changes) || !shard.after) {
    throw new ScopesyncError(`${file}: incomplete plan shard (identities, now, part or after missing)`, "plan the shard again with scopesync plan --target NAME");
  }
  const stray = shard.part.changes.find((c) => !c || typeof c !== "object" || c.target !== shard.part!.target || !Object.hasOwn(ACTION_ORDER, c.action));
  if (stray !== undefined) {
    throw new ScopesyncError(`${file}: damaged plan shard: a change in the part of target "${shard.part.target}" ${stray?.target !== shard.part.target ? `is for target ${JSON.stringify(stray?.target)}` : `has action ${JSON.stringify(stray.action)}`}`, "plan the shard again with scopesync plan --target NAME");
  }
  restoreAttributeOrder(shard.part.changes, shard.attributeOrder);
  return shard as PlanShard;
}

/** A removed target's shard: its target and findings, and no part (a shard with both is damaged, not guessed at). */
function removedShard(file: string, shard: Partial<RemovedTargetShard> & { part?: unknown }): RemovedTargetShard {
  const removed = shard.removed;
  if (typeof shard.identities !== "string" || typeof shard.now !== "string" || typeof shard.base !== "string" || !removed || typeof removed.target !== "string" || !Array.isArray(removed.findings) || "part" in shard) {
    throw new ScopesyncError(`${file}: incomplete plan shard of a removed target (identities, now, base, removed.target or removed.findings missing, or a part beside them)`, "plan the shard again with scopesync plan --target NAME");
  }
  // Its findings join the plan after the plan-wide steps (which block on errors): only the warning
  // such a shard is made for is taken, never something else that would not block.
  const other = removed.findings.find((f) => f?.rule !== "pr-cancels-revocations" || f.severity !== "warning" || f.target !== removed.target || typeof f.message !== "string");
  if (other !== undefined) throw new ScopesyncError(`${file}: the shard of removed target "${removed.target}" holds a finding other than its pr-cancels-revocations warning`, "plan the shard again with scopesync plan --target NAME");
  return shard as RemovedTargetShard;
}

/** The command that makes each target's shard, for a refusal that misses them (the first five). */
function commandsFor(targets: readonly string[], shown: string): string {
  const listed = targets.slice(0, 5).map((t) => `scopesync plan --target ${t} --identities ${shown} --out ${t}.json`);
  return `${listed.join("; ")}${targets.length > 5 ? `; and so on for the other ${targets.length - 5}` : ""}`;
}

/** A journal in words, for the refusal of a shard planned with another. */
function journalWords(journal: JournalSeen | undefined): string {
  return journal ? `the apply journal ${journal.from} (${journal.digest})` : "no apply journal";
}

/**
 * The shards of one plan, in target order: refused when two plan the same target, when they were
 * planned from different identities, times, bases or apply journals (`journal`: the one the merge
 * reads, as one process would), or when a target of the repository has none.
 */
export function checkShards(shards: ReadonlyArray<{ file: string; shard: ShardFile }>, expected: { identities: string; shown: string; now: string; base?: string; journal?: JournalSeen; targets: readonly string[]; removed: readonly string[] }): { parts: PlanShard[]; removed: RemovedTargetShard[] } {
  if (shards.length === 0) throw new ScopesyncError("plan merge needs the shard files to merge", `scopesync plan merge crm.json github.json … --identities ${expected.shown}: one file per target, each written by scopesync plan --target NAME --identities ${expected.shown} --out FILE`);
  const byTarget = new Map<string, string>();
  for (const { file, shard } of shards) {
    const target = shardTarget(shard);
    const other = byTarget.get(target);
    if (other === file) throw new ScopesyncError(`${file} is given twice`, "pass each shard file once");
    if (other) throw new ScopesyncError(`${other} and ${file} both plan target "${target}"`, "pass one shard per target");
    byTarget.set(target, file);
    if (shard.identities !== expected.identities) {
      throw new ScopesyncError(`${file} was planned from other identities (${shard.identities}) than this merge uses (${expected.identities})`, "plan every shard from the same identities snapshot (scopesync resolve --out identities.snapshot), and merge with it");
    }
    if (shard.now !== expected.now) throw new ScopesyncError(`${file} was planned for ${shard.now}, this merge for ${expected.now}`, "plan every shard and the merge with the same --now (the identities snapshot records it)");
    if ((shard.base ?? "") !== (expected.base ?? "")) {
      throw new ScopesyncError(`${file} marks this PR's changes against ${shard.base ? `base ${shard.base}` : "no base"}, the identities snapshot against ${expected.base ? `base ${expected.base}` : "no base"}`, "plan every shard from the same identities snapshot");
    }
    // The journal decides returns, undone offboardings, used-up overrides, a report's lag and a
    // grace period: shards that read another one than this checkout's are not this plan's parts.
    if (shard.journal?.digest !== expected.journal?.digest) {
      throw new ScopesyncError(`${file} was planned with ${journalWords(shard.journal)}, this merge reads ${journalWords(expected.journal)}`, "plan every shard and the merge with the same apply journal: in the workflows, carry-journal: true on every plan step of one run (a re-run of some of its jobs reads newer journal artifacts: re-run them all); by hand, the same checkout's journal or the same --journal");
    }
    // A target's part where the snapshot says this change removed it, or the reverse: not this plan's shard.
    const isRemoved = "removed" in shard;
    if (isRemoved !== expected.removed.includes(target) && (expected.targets.includes(target) || expected.removed.includes(target))) {
      throw new ScopesyncError(`${file} plans target "${target}" as one ${isRemoved ? "this pull request removes" : "scopesync.yaml defines"}, and the identities snapshot says it ${isRemoved ? "is defined" : "is removed"}`, "plan every shard from the same identities snapshot, in this checkout");
    }
  }
  const known = [...expected.targets, ...expected.removed];
  const unknown = [...byTarget.keys()].filter((t) => !known.includes(t));
  if (unknown.length > 0) throw new ScopesyncError(`${byTarget.get(unknown[0]!)} plans target "${unknown[0]}", which scopesync.yaml does not define`, `targets: ${expected.targets.join(", ")}`);
  const missing = expected.targets.filter((t) => !byTarget.has(t));
  if (missing.length > 0) {
    throw new ScopesyncError(`no shard plans target${missing.length === 1 ? "" : "s"} ${missing.map((t) => `"${t}"`).join(", ")}: a merged plan must cover every target`, `plan ${missing.length === 1 ? "it" : "each"} with ${commandsFor(missing, expected.shown)}, and pass ${missing.length === 1 ? "that file" : "those files"} too`);
  }
  // Fail closed: without its shard, the offboarding the base plans on a removed target is checked nowhere.
  const gone = expected.removed.filter((t) => !byTarget.has(t));
  if (gone.length > 0) {
    throw new ScopesyncError(`no shard plans target${gone.length === 1 ? "" : "s"} ${gone.map((t) => `"${t}"`).join(", ")}, which this pull request removes from scopesync.yaml: the revocations ${expected.base} makes there are checked in ${gone.length === 1 ? "its shard" : "their shards"}`, `plan ${gone.length === 1 ? "it" : "each"} with ${commandsFor(gone, expected.shown)} (${gone.length === 1 ? "it reads" : "each reads"} ${expected.base}'s state of it), and pass ${gone.length === 1 ? "that file" : "those files"} too`);
  }
  const byName = (a: ShardFile, b: ShardFile) => (shardTarget(a) < shardTarget(b) ? -1 : 1);
  const all = shards.map((s) => s.shard).sort(byName);
  return { parts: all.filter((s): s is PlanShard => !("removed" in s)), removed: all.filter((s): s is RemovedTargetShard => "removed" in s) };
}
