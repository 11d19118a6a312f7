// A directory account that is disabled because its person has not started yet. Microsoft's
// Lifecycle Workflows keep a new user's sign-in blocked until the hire date: the "Onboard new hire
// employee" workflow runs on employeeHireDate (offsetInDays 0) with the task "Enable User Account"
// ("Enable user account in the directory",
// learn.microsoft.com/graph/api/identitygovernance-lifecycleworkflowscontainer-post-workflows), and
// the "Onboard pre-hire employee" template is for "tasks that must be completed before an
// employee's start date" (learn.microsoft.com/entra/id-governance/lifecycle-workflow-templates).
// Such a user is a joiner who has not started, as an HR export's future hire is (active, with a
// hire date to come: policy/pre-start.ts), never a leaver or a leave: options.disabledMeans is
// about people who worked here. Read as it said, a pre-hire in a tenant where blocking is how
// people leave was "terminated", accounts.preStart never gave her an account and the plan said
// nothing; import counted her among the disabled people it asks about. The source keeps its words
// for the block in the record attribute `blockedBeforeStart`, so that the texts about her
// (joiner-not-started, the joiner's create) say why a blocked user is a joiner.
import type { Identity } from "./identity.js";

/** The record attribute that holds the source's words for an account blocked until its person's start. */
export const BLOCKED_BEFORE_START = "blockedBeforeStart";

/**
 * The source and its words, when the identity's status rests on that source and it said the
 * account is blocked until the start: only when the source that decided the status is the one
 * that said so (an HR export that decides the status needs no such reading).
 */
export function blockedBeforeStart(identity: Pick<Identity, "attributes" | "provenance">): { source: string; said: string } | undefined {
  const said = identity.attributes[BLOCKED_BEFORE_START];
  const from = identity.provenance[BLOCKED_BEFORE_START]?.source;
  const status = identity.provenance.status?.source;
  if (typeof said !== "string" || from === undefined || from !== status) return undefined;
  return { source: from, said };
}

/** "blocked in entra before their start (…): a pre-hire, read as a joiner and not by options.disabledMeans". */
export function blockedBeforeStartWords(blocked: { source: string; said: string }): string {
  return `blocked in ${blocked.source} before their start (${blocked.said}): a pre-hire, read as a joiner and not by options.disabledMeans`;
}

/** "; blocked in entra before their start (…)…" for a reason or message about the identity, or "" for anyone else (nearly everyone). */
export function blockedBeforeStartNote(identity: Pick<Identity, "attributes" | "provenance">): string {
  const blocked = blockedBeforeStart(identity);
  return blocked ? `; ${blockedBeforeStartWords(blocked)}` : "";
}
