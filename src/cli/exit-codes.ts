/** Exit codes are a contract (README "Commands", docs/formats.md "Exit codes"): CI and other tools branch on them. */
export const ExitCode = {
  /** Done: valid, plan made, everything applied, no drift. */
  ok: 0,
  /** Invalid input, unreadable source or target, or (apply) some change failed. */
  invalid: 1,
  /** `plan --detailed-exitcode`: made, with changes; `drift`: drift found. */
  changes: 2,
  /** Blocked: an error finding, a failed quality gate, a safety limit or a lockout guard. */
  blocked: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
