import { maskTexts } from "./mask-texts.js";
import { maskSecretShapes } from "./secret-shapes.js";
import type { StillWorking } from "./still-working.js";

export type Severity = "error" | "warning" | "info";

/** A governance or data-quality observation; `error` blocks the plan (docs/formats.md, "Finding fields"). */
export interface Finding {
  rule: string;
  severity: Severity;
  /** Identity id the finding is about, when it is about one. */
  identity?: string;
  /**
   * The target whose part of the plan found it (its diff, read, refusals, state age), when it
   * belongs to one; plan-wide findings (sources, rules over identities) have none.
   */
  target?: string;
  message: string;
  remediation?: string;
  /** Control references such as OWASP-NHI1, NIST-CSF-PR.AA-05. */
  controls?: string[];
  /** file:line in the policy repository, or a source record position. */
  location?: string;
  help?: string;
  /**
   * What of an offboarded NHI keeps working that no plan revokes, each with its manual step
   * (model/still-working.ts): the leavers report counts each as outstanding for the owner who left.
   */
  stillWorking?: StillWorking[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Deterministic order: severity, then rule, identity, message and (last, so plans without it keep their order) target. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    cmp(a.rule, b.rule) ||
    cmp(a.identity ?? "", b.identity ?? "") ||
    cmp(a.message, b.message) ||
    cmp(a.target ?? "", b.target ?? "")
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The findings with every secret-shaped value in their texts and identity hidden (maskSecretShapes):
 * a finding quotes values from exports and target states, and every plan format shows its message.
 */
export function maskFindings<F extends Finding>(findings: F[]): F[] {
  let changed = false;
  const masked = findings.map((f) => {
    const message = maskSecretShapes(f.message);
    const remediation = f.remediation === undefined ? undefined : maskSecretShapes(f.remediation);
    const location = f.location === undefined ? undefined : maskSecretShapes(f.location);
    // An identity's id is its login, which can be a key pasted into a UserID column (login-secret-shaped).
    const identity = f.identity === undefined ? undefined : maskSecretShapes(f.identity);
    // Its steps quote the same commands and ids as the remediation.
    const stillWorking = f.stillWorking === undefined ? undefined : maskTexts(f.stillWorking);
    if (message === f.message && remediation === f.remediation && location === f.location && identity === f.identity && stillWorking === f.stillWorking) return f;
    changed = true;
    return { ...f, message, ...(remediation === undefined ? {} : { remediation }), ...(location === undefined ? {} : { location }), ...(identity === undefined ? {} : { identity }), ...(stillWorking === undefined ? {} : { stillWorking }) };
  });
  return changed ? masked : findings;
}
