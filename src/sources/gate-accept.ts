// What binds a gate acceptance (`gates.accept`) to the export it was reviewed for. An acceptance is
// a reviewer's word on one export (a layoff's, an acquisition's): left in scopesync.yaml for its
// week it must not waive a different day's broken export that happens to fall within its numbers
// (a truncated export two days on). So it names the export's digest, as a safety override names
// the identities its limit counted (model/override-binding.ts), and a failed gate suggests the
// whole acceptance with it. One that names none (written before `export` existed) still counts in
// `plan`, said as unbound; in apply's re-plan only where the reviewed plan waived the same gate for
// the same export, so the daily sync (an empty reviewed plan) never applies what it waives.
import type { GateSettings } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { SourceRecord } from "../model/source-record.js";
import { GATE_ACCEPTED_RULE, setDigest, suggestedExpiry } from "../model/override-binding.js";
import { maskSecretShapes } from "../model/secret-shapes.js";

export type GateAccept = NonNullable<GateSettings["accept"]>;

/**
 * The digest an acceptance names (`export`): of each record's anchor and status, which is what
 * `minRecords` and `maxChurn` measure; an attribute edited elsewhere in the export changes nothing.
 */
export function exportDigest(records: readonly SourceRecord[]): string {
  return setDigest(records.map((r) => `${r.externalId}\t${r.status}`));
}

export interface AcceptContext {
  source: string;
  configAt: string;
  /** This export's digest (computed once, only when an acceptance is weighed). */
  digest: () => string;
  /** Apply's re-plan: the reviewed plan's source-gate-accepted messages (reviewedAcceptances); undefined in `plan`. */
  reviewed?: ReadonlySet<string>;
}

/** A gate an acceptance waives, and what was measured of it (with what the acceptance allows). */
export interface WaivedGate { gate: string; measured: string }

/**
 * The gates whose numbers `accept` covers, for one reason: the one source-gate-accepted warning
 * naming them all when the acceptance counts for this export, else why it does not, for the failed
 * gates' messages. An empty export of a people source fails minRecords, the built-in
 * empty-export gate and maxChurn, and `records: 0, churnUpTo: "100%"` waives them all: one
 * acceptance, one warning.
 */
export function waiverFor(accept: GateAccept, gates: readonly WaivedGate[], at: AcceptContext): { finding: Finding } | { why: string } {
  const digest = at.digest();
  const bound = accept.export !== undefined;
  const message = waiverMessage(accept, gates, at.source, digest);
  if (bound && accept.export !== digest) return { why: `gates.accept does not count: it names export ${accept.export!.slice(0, 19)}…, and this export is ${digest.slice(0, 19)}…: it was reviewed for another export` };
  // A plan reviewed before the gates were said in one warning has several, each naming a run of
  // them in the same order (one per gate; or minRecords with the empty-export gate, and maxChurn on
  // its own): its waiver of them all still counts, so that upgrading between review and merge does not stop apply.
  const reviewed = (m: string) => at.reviewed!.has(maskSecretShapes(m));
  const reviewedInParts = () => splits(gates).some((parts) => parts.every((p) => reviewed(waiverMessage(accept, p, at.source, digest))));
  if (!bound && at.reviewed && !reviewed(message) && !reviewedInParts()) {
    return { why: "gates.accept does not count: it names no export, and the reviewed plan did not waive this gate for this export (in apply, an acceptance naming no export waives only what the reviewed plan did)" };
  }
  const remediation = bound
    ? `check that this is the change the acceptance was reviewed for; remove gates.accept from ${at.configAt} once the new snapshot is committed`
    : `bind the acceptance to this export: add export: "${digest}" and an expiresAt to gates.accept in ${at.configAt}; naming no export, it waives any export within its numbers until it expires`;
  return { finding: { rule: "source-gate-accepted" satisfies typeof GATE_ACCEPTED_RULE, severity: "warning", message, remediation, location: at.configAt, controls: ["NIST-CSF-PR.AA-01"] } };
}

/** Every way to cut `list` into two or more runs, in order (a few gates: at most 8 ways). */
function splits<T>(list: readonly T[]): T[][][] {
  if (list.length < 2) return [];
  const out: T[][][] = [];
  for (let i = 1; i < list.length; i++) {
    const head = list.slice(0, i);
    const rest = list.slice(i);
    out.push([head, rest]);
    for (const tail of splits(rest)) out.push([head, ...tail]);
  }
  return out;
}

/** "source "hr": minRecords and the empty-export gate pass only by gates.accept: …; and … (reason: …)": apply matches a reviewed plan's waiver by these words. */
function waiverMessage(accept: GateAccept, gates: readonly WaivedGate[], source: string, digest: string): string {
  const names = gates.map((g) => g.gate);
  const which = names.length === 1 ? `${names[0]} passes` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} pass`;
  return `source "${source}": ${which} only by gates.accept: ${gates.map((g) => g.measured).join("; and ")} (reason: ${accept.reason}; ${accept.expiresAt ? `expires ${accept.expiresAt}` : "no expiresAt: until removed"}; ${accept.export !== undefined ? `export ${digest}` : `it names no export; this export is ${digest}`})`;
}

/** The whole acceptance a failed gate suggests: what each failed gate needs, bound to this export, for a week. */
export function suggestedAccept(parts: { records?: number; churnUpTo?: string; account?: string }, digest: string, now: number): string {
  return `gates.accept: { ${parts.records === undefined ? "" : `records: ${parts.records}, `}${parts.churnUpTo === undefined ? "" : `churnUpTo: "${parts.churnUpTo}", `}${parts.account === undefined ? "" : `account: "${parts.account}", `}export: "${digest}", reason: "…", expiresAt: "${suggestedExpiry(now)}" }`;
}

/** The gates the reviewed plan passed by an acceptance, as its findings say: what apply's re-plan holds an unbound acceptance to. */
export function reviewedAcceptances(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((f) => f.rule === GATE_ACCEPTED_RULE).map((f) => f.message));
}
