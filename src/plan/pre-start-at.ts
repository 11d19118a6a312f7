// Where an app policy's accounts.preStart is, for the findings that name it (joiner-not-started,
// rehire-not-started). They cited the policy document's first line and always asked to "set
// accounts.preStart (e.g. 7d)", even where it was set a dozen lines below: a reviewer looking
// for the lead time found `kind: AppPolicy`, and a fix that was already done.
import type { AppPolicyDoc } from "../model/documents.js";
import type { Located } from "../model/located.js";

export interface PreStartAt {
  /** file:line of the `preStart:` key when it is written, else of the policy (where it would go). */
  at: string;
  /** The clause of the fix that changes when access begins. */
  fix: string;
}

/** `verb`: what the lead time gives ahead of the start ("accounts", "access"). */
export function preStartAt(policy: Located<AppPolicyDoc>, verb: "accounts" | "access"): PreStartAt {
  const preStart = policy.value.accounts.preStart;
  // "0" is the default (no lead time): unwritten, the policy is where to write it.
  if (preStart === "0") {
    const at = `${policy.file}:${policy.line}`;
    return { at, fix: `to give ${verb} ahead of the start, set accounts.preStart (e.g. 7d) in ${at}` };
  }
  const at = `${policy.file}:${policy.locateKey(["accounts", "preStart"]).line}`;
  return { at, fix: `to give ${verb} earlier still, lengthen accounts.preStart (now ${preStart}) in ${at}` };
}

