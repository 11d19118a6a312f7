// A directory account that is disabled or locked (Active Directory's ACCOUNTDISABLE, an OpenLDAP
// administrative lock, options.statusAttribute, an Entra ID user whose sign-in is blocked, a
// Google Workspace user an administrator suspended): what it means is the organisation's to say.
// In AD it is the usual leaver step (disable the account, move it to a Leavers OU) and AD has no
// "on leave" state; blocking sign-in is Microsoft 365's first step for a former employee (and what
// Entra Connect copies from a disabled AD account); in Google Workspace many organisations suspend a
// leaver's user until the data is moved, though Google's help calls a suspension temporary and
// offers archiving for former employees (support.google.com/a/answer/33312, /answer/9048836);
// elsewhere a lock may be a leave. None of these directories has an "on leave" state of its own.
// The ldap, ldif, entra and google sources read it as options.disabledMeans says (on leave by
// default), and keep the directory's own words for it in the record attribute `accountDisabled`,
// so that every plan text and finding that rests on it says what the directory said ("disabled in
// ad") and not a leave the source never stated.
import type { Identity } from "./identity.js";

/**
 * The source types that have options.disabledMeans, and how each one's people usually leave: the
 * words of import's refusal (adopt/undecided-directories.ts), which asks the organisation to say.
 */
export const DISABLED_MEANS_SOURCES: Readonly<Record<string, string>> = {
  ldap: "Active Directory's usual leaver step",
  ldif: "Active Directory's usual leaver step",
  entra: "blocking sign-in is Microsoft's first step for a former employee",
  google: "many Google Workspace organisations suspend a leaver's user until its data is moved",
};

/** The record attribute that holds the directory's words for a disabled account ("userAccountControl 514: ACCOUNTDISABLE"). */
export const ACCOUNT_DISABLED = "accountDisabled";

/** options.disabledMeans of the ldap, ldif, entra and google sources: the status a disabled directory account gives. */
export const DISABLED_MEANINGS = ["suspended", "terminated"] as const;
export type DisabledMeaning = (typeof DISABLED_MEANINGS)[number];
/** On leave, as the project's design has it for a locked account; a person on leave is never deleted. */
export const DEFAULT_DISABLED_MEANING: DisabledMeaning = "suspended";

/**
 * The directory that gave the person's status, and its words, when that status rests on a
 * disabled directory account: only when the source that decided the status is the one that
 * says the account is disabled (an HR export that says on leave is not a disabled account).
 */
export function directoryDisabled(identity: Pick<Identity, "attributes" | "provenance">): { source: string; said: string } | undefined {
  const said = identity.attributes[ACCOUNT_DISABLED];
  const from = identity.provenance[ACCOUNT_DISABLED]?.source;
  const status = identity.provenance.status?.source;
  if (typeof said !== "string" || from === undefined || from !== status) return undefined;
  return { source: from, said };
}

/** "disabled in ad (userAccountControl 514: ACCOUNTDISABLE)": the words of every text that rests on it. */
export function disabledInWords(disabled: { source: string; said: string }): string {
  return `disabled in ${disabled.source} (${disabled.said})`;
}
