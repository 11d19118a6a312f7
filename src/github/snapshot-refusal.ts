// The day's source snapshot as the sync workflow's snapshot step hands it to the sync. A refused
// snapshot (an export that fails a quality gate, or cannot prove it is whole: an LDIF file without
// ldapsearch's search result, an Okta page without its headers) is no reason to stop the day's
// revocations: the plan is measured against the snapshots the base branch accepted, not the day's.
// So that step never fails the job by itself (continue-on-error in sync.yml); the sync, which runs
// after it whatever it did, names the refusal here: an error annotation, the run's summary, the
// sync PR, and a failed step, so that the refusal is seen and not taken for a quiet day.
import { existsSync, readFileSync } from "node:fs";
import { mdText } from "../plan/render/escape.js";

/** What the summary and the PR quote of the snapshot's output: enough for its errors and fixes. */
const OUTPUT_CHARS = 8000;
/** One reason's length in the one-line annotation. */
const REASON_CHARS = 300;
/** Reasons named in the annotation; the summary quotes the output whole. */
const REASONS = 3;

export interface SnapshotRefusal {
  /** Why, one line each: the snapshot's `error <rule>: …` lines (else its last line), cut to REASON_CHARS. */
  reasons: string[];
  /** What the snapshot printed, at most OUTPUT_CHARS (empty when the file could not be read). */
  output: string;
  /** The file the step wrote its output to, as the workflow named it. */
  file: string;
}

/**
 * The refusal, when the snapshot step failed (`steps.<id>.outcome` is `failure`). An outcome of
 * success, skipped or cancelled, or none (a workflow older than these inputs), is no refusal.
 */
export function snapshotRefusal(outcome: string, file: string): SnapshotRefusal | undefined {
  if (outcome.trim() !== "failure") return undefined;
  const text = file && existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (text === undefined) return { reasons: [`its output${file ? ` (${file})` : ""} could not be read: the snapshot step's log says why`], output: "", file };
  const lines = text.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== "");
  const errors = lines.filter((l) => /^error [\w-]+: /.test(l));
  const said = errors.length > 0 ? errors : lines.slice(-1);
  const reasons = said.slice(0, REASONS).map((l) => cut(l, REASON_CHARS));
  if (said.length > REASONS) reasons.push(`and ${said.length - REASONS} more (the run's summary quotes them)`);
  if (reasons.length === 0) reasons.push("it printed nothing: the snapshot step's log says why");
  const output = text.length > OUTPUT_CHARS ? `${text.slice(0, OUTPUT_CHARS)}\n… (${text.length - OUTPUT_CHARS} more characters: the snapshot step's log has them)` : text.trimEnd();
  return { reasons, output, file };
}

/** The error annotation: what was refused, that the revocations went ahead regardless, and what to do. */
export function refusalLine(r: SnapshotRefusal, base: string): string {
  return `the day's source snapshot was refused (scopesync snapshot: ${r.reasons.join("; ")}), so the sync branch carries no snapshot to accept; the sync went on without it, planned against the snapshots ${base} accepted, and applied its revocations as on any day; fix what it names (each error's fix: line is in the snapshot step's log), and the next sync writes the snapshot`;
}

/** For the run's summary and the top of the sync PR: the refusal, and the snapshot's own words. */
export function refusalMarkdown(r: SnapshotRefusal, base: string): string {
  const quoted = r.output === "" ? `_${mdText(r.reasons.join("; "), 2000)}_` : codeBlock(r.output);
  return [
    `> ⚠️ **The day's source snapshot was refused**, so this sync carries no snapshot to accept. The sync went on without it: it planned against the snapshots \`${mdText(base, 200)}\` accepted, and applied its revocations as on any day. Fix what \`scopesync snapshot\` names below; the next sync writes the snapshot.`,
    "",
    quoted,
    "",
  ].join("\n");
}

/** A fenced block that no run of backticks in the text can close early. */
function codeBlock(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

function cut(line: string, max: number): string {
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
