// Directory sources (ldap, ldif, entra, google) that have not said what a disabled account means
// (options.disabledMeans), and what import does about them. Such a source reads a disabled
// account as on leave, and an imported policy keeps the accounts of people on leave
// (accounts.onSuspended: keep) so that the first plan changes nothing. In Active Directory,
// disabling the account is the usual leaver step (AD has no "on leave" state), and so is blocking
// sign-in in Entra ID and, for many organisations, an administrator's suspension in Google
// Workspace (model/directory-disabled.ts): under keep such a leaver would keep every adopted app's
// access. onSuspended is per app, not per source: writing disable instead (as import did for a
// day) also disabled everyone on an HR leave, contrary to import's promise. Only the organisation
// can say which it is, so import asks before it writes: it stops while such a source decides that
// someone is on leave because their account is disabled, and otherwise writes keep with a note
// that the option is still to be set.
import type { ProjectConfig } from "../model/documents.js";
import { DISABLED_MEANS_SOURCES, directoryDisabled } from "../model/directory-disabled.js";
import { ScopesyncError } from "../model/errors.js";
import type { Identity } from "../model/identity.js";
import type { Located } from "../model/located.js";

/** People named in the error; the count says how many more. */
const NAMED = 5;

export interface UndecidedDirectory {
  source: string;
  /** How people usually leave in a source of its type (DISABLED_MEANS_SOURCES), for the fix. */
  leaverStep: string;
  /** scopesync.yaml:LINE of the source. */
  at: string;
  /** People on leave only because this source shows their account disabled, by id, sorted. */
  disabled: string[];
}

/** Every directory source without options.disabledMeans, by name, with the people it puts on leave. */
export function undecidedDirectories(config: Located<Pick<ProjectConfig, "sources">>, identities: readonly Identity[]): UndecidedDirectory[] {
  const undecided = new Map<string, UndecidedDirectory>();
  for (const name of Object.keys(config.value.sources).sort()) {
    const source = config.value.sources[name]!;
    const leaverStep = DISABLED_MEANS_SOURCES[source.type];
    if (leaverStep === undefined || source.options?.["disabledMeans"] !== undefined) continue;
    undecided.set(name, { source: name, leaverStep, at: `${config.file}:${config.locateKey(["sources", name]).line}`, disabled: [] });
  }
  if (undecided.size === 0) return [];
  // Only where that source decides the status: a person another source (HR) says is active, on
  // leave or gone is that, whatever the directory's account shows, and disabledMeans changes nothing.
  for (const identity of identities) {
    if (identity.kind !== "person" || identity.status !== "suspended") continue;
    const disabled = directoryDisabled(identity);
    if (disabled) undecided.get(disabled.source)?.disabled.push(identity.id);
  }
  const list = [...undecided.values()];
  for (const u of list) u.disabled.sort();
  return list;
}

/** Stops the import, before it writes anything, while an undecided source puts someone on leave. */
export function refuseUndecided(target: string, undecided: readonly UndecidedDirectory[]): void {
  const blocking = undecided.filter((u) => u.disabled.length > 0);
  if (blocking.length === 0) return;
  const said = blocking.map((u) => {
    const shown = u.disabled.slice(0, NAMED).join(", ");
    const more = u.disabled.length - NAMED;
    const people = `${u.disabled.length} ${u.disabled.length === 1 ? "person's account" : "people's accounts"} disabled (${shown}${more > 0 ? `, and ${more} more` : ""})`;
    return `sources.${u.source} (${u.at}) shows ${people} but does not say what a disabled account means (options.disabledMeans)`;
  });
  const names = blocking.map((u) => `sources.${u.source}.options.disabledMeans`).join(" and ");
  const steps = [...new Set(blocking.map((u) => u.leaverStep))].join("; ");
  throw new ScopesyncError(
    `import of "${target}" cannot tell a leaver from a leave: ${said.join("; ")}`,
    `set ${names}: terminated where disabling the account is how people leave (${steps}), or suspended where it is a leave (the imported policy then keeps their accounts), and import again; nothing was written`,
  );
}

/** import's note while an undecided source puts no one on leave: it writes keep, and says the option is still to be set. */
export function undecidedNote(undecided: readonly UndecidedDirectory[]): string | undefined {
  if (undecided.length === 0) return undefined;
  const which = undecided.map((u) => `sources.${u.source}`).join(", ");
  const one = undecided.length === 1;
  return `${which} ${one ? "does" : "do"} not say what a disabled account means (options.disabledMeans); no one is on leave because of a disabled account there today, so import wrote accounts.onSuspended: keep, but an account disabled there later is read as a leave that this app keeps: set ${one ? "it" : "them"} (terminated where disabling is how people leave, suspended where it is a leave)`;
}
