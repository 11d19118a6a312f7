// A source decides who left by leaving them out only when its export is known to be whole. Two
// kinds of source are not: one that failed a quality gate, and one whose export cannot be proven
// complete (finding source-unproven-export: a saved page of a paged list without the response
// headers that say whether more pages follow, an LDIF file without ldapsearch's search result). What either does not export is unknown, not gone:
// the planner derives no leaver from its absence. The records it does export still count (an
// explicit terminated or suspended status decides as ever).

/** Why a source's absences decide nothing, as messages say it: "source "x" <why>". */
export interface AbsenceUnknown {
  /** "failed its quality gates", or "cannot be proven complete (finding source-unproven-export)". */
  why: string;
  /** When it decides again: "until it passes", "until its export is proven complete". */
  until: string;
  /** The export cannot be proven complete (rather than failing a gate): proving it is the fix, not accepting it. */
  unproven: boolean;
}

const GATES: AbsenceUnknown = { why: "failed its quality gates", until: "until it passes", unproven: false };
const UNPROVEN: AbsenceUnknown = { why: "cannot be proven complete (finding source-unproven-export)", until: "until its export is proven complete", unproven: true };

type Sources = ReadonlySet<string> | readonly string[];

/**
 * Why the absences of `sources` (one, or the few a message names together) are unknown: unproven
 * when every one of them is unproven and none failed a gate (a source that did both is named by
 * the gate: the plan is blocked on it); otherwise the gates. A source in neither set is taken as
 * failing its gates (callers ask only about sources in one of them).
 */
export function absenceUnknown(sources: string | readonly string[], unproven: Sources, failing: Sources = []): AbsenceUnknown {
  const has = (set: Sources, s: string): boolean => ("has" in set ? set.has(s) : set.includes(s));
  const list = typeof sources === "string" ? [sources] : sources;
  return list.length > 0 && list.every((s) => has(unproven, s) && !has(failing, s)) ? UNPROVEN : GATES;
}

/** The sources whose absences decide nothing: those failing a gate and those unproven, sorted. */
export function absenceUnknownSources(failing: Iterable<string>, unproven: Iterable<string>): string[] {
  return [...new Set([...failing, ...unproven])].sort();
}

/**
 * How to prove `sources` whole, for the findings that are not the source's own
 * source-unproven-export (which says it for its type): each type proves itself its own way.
 */
export function proveExportFix(sources: string): string {
  return `export ${sources} whole, with the proof its source-unproven-export finding describes (okta: each page's response headers, or options.pages: single when a tool that follows the links gathered it; ldif: ldapsearch's own search result, "result: 0 Success")`;
}

/** The rule a source whose export cannot be proven complete reports (sources/ emit it, ingest watches for it). */
export const UNPROVEN_EXPORT_RULE = "source-unproven-export";
