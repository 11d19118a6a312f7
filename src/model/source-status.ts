// What one revision's plan knows about its sources beyond the identities they gave: which were
// read, which failed a quality gate, which cannot be proven complete. The planner decides from it
// whether an account whose anchor a source no longer exports is a leaver ("gone"), unknown (the
// source's absences decide nothing) or no source's at all ("unread"). A pull request and its base
// each have their own: the base reads the sources with its own entries and gates (a source the PR
// retires, a churn the PR accepts), so planning the base with the PR's status would credit the
// PR's source changes to the sources.

export interface SourceStatus {
  /** Sources whose records were read. */
  sourcesRead: string[];
  /** Sources that failed a quality gate, sorted. */
  sourcesFailingGates: string[];
  /** Sources whose export cannot be proven complete (source-unproven-export), sorted; absent when none. */
  sourcesUnproven?: string[];
}

/** The status of a resolve's sets, as lists (failing and unproven sorted, so the same run writes the same). */
export function sourceStatusOf(p: { sourcesRead: ReadonlySet<string>; sourcesFailingGates: ReadonlySet<string>; sourcesUnproven: ReadonlySet<string> }): SourceStatus {
  return { sourcesRead: [...p.sourcesRead], sourcesFailingGates: [...p.sourcesFailingGates].sort(), ...(p.sourcesUnproven.size > 0 ? { sourcesUnproven: [...p.sourcesUnproven].sort() } : {}) };
}
