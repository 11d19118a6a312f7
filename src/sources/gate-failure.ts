// A failed quality gate as the checks that find it give it (export-time.ts, export-account.ts);
// quality-gates.ts makes it the blocking finding, with the source, the location and the controls.

/** A failed gate: its rule id (docs/rules.md has a section for each), and what the finding says after `source "NAME": `. */
export interface GateFailure { rule: string; message: string; remediation: string }
