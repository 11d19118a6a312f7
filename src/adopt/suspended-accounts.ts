// What an imported app policy does with the accounts of people on leave (accounts.onSuspended).
// Import keeps access as it is, but not a leaver's (docs/adopt.md). `keep` keeps an on-leave
// person's account as it is; but a directory source (ldap, ldif) reads a disabled account as on
// leave unless options.disabledMeans says otherwise, and in Active Directory disabling the
// account is the usual leaver step. Under `keep` every such leaver kept every adopted app's
// access with no change in the plan. So where a directory source has not said what a disabled
// account means, the imported policy disables the accounts of people on leave, and says why; once
// every directory source says it (terminated: a leaver, offboarded; suspended: a leave, the
// organisation's word), import keeps them.
import type { ProjectConfig } from "../model/documents.js";

export interface SuspendedAccounts {
  onSuspended: "keep" | "disable";
  /** Directory sources that do not say what a disabled account means, when they made it `disable`. */
  undecided: string[];
}

const DIRECTORY_TYPES: ReadonlySet<string> = new Set(["ldap", "ldif"]);

export function suspendedAccounts(config: Pick<ProjectConfig, "sources">): SuspendedAccounts {
  const undecided = Object.entries(config.sources)
    .filter(([, source]) => DIRECTORY_TYPES.has(source.type) && source.options?.["disabledMeans"] === undefined)
    .map(([name]) => name)
    .sort();
  return { onSuspended: undecided.length > 0 ? "disable" : "keep", undecided };
}

/** Why the imported policy disables the accounts of people on leave: for its header and import's output. */
export function undecidedNote(undecided: readonly string[]): string {
  const which = undecided.map((name) => `sources.${name}`).join(", ");
  return `accounts.onSuspended: disable, not keep: ${which} ${undecided.length === 1 ? "does" : "do"} not say what a disabled account means (options.disabledMeans), and a disabled directory account may be a leaver's; set it (terminated where disabling is how people leave, suspended where it is a leave) and import again to keep the accounts of people on leave`;
}
