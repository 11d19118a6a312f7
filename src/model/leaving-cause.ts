// Why a revocation was made, where that is a leaving: the identity left the organisation (a
// terminated status, a passed leaving date, a rehire's gap) or is no longer in any source. The
// plan's changes and the apply journal's lines carry it as a field (`lifecycle: "leaver"`), so that
// the leavers report reads whether a step was a leaving instead of parsing the reason's words,
// which each new wording of a leaving escaped (rv107 H1: "termination date … still to come").

/** The lifecycle a change's grounds are: only a leaving is named; a mover, a leave, an expiry are not. */
export type Lifecycle = "leaver";

/** `{ lifecycle }` to spread into a change when its grounds are a leaving; nothing otherwise. */
export function lifecycleField(lifecycle: Lifecycle | undefined): { lifecycle?: Lifecycle } {
  return lifecycle ? { lifecycle } : {};
}

/**
 * Whether a disable's reason (Change.reason, the journal line's `why`) is a leave's: the status in
 * the words policy/lifecycle.ts statusWords gives a person on leave ("suspended in hr", "disabled
 * in ad (…), read as on leave (options.disabledMeans: suspended)"). A leave is no leaving, so it has
 * no `lifecycle`; its words are what says the account was disabled for a leave, in lines every
 * scopesync that wrote `why` has written (plan/leaving-since.ts).
 */
export function isLeaveReason(why: string): boolean {
  return /^suspended in |, read as on leave \(options\.disabledMeans: suspended\)/.test(why);
}
