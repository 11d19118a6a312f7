// A change a pull request makes to the guard rails themselves (rv78 finding 3): safety limits and
// overrides, what apply may do unreviewed, paths allowed outside the repository, sources' quality
// gates and acceptances, targets' former names and runAs, built-in rule settings, custom rules and
// their reviewers, exceptions. config/control-changes.ts finds them between the base and the pull
// request; the plan turns each into a `controls-changed` warning, which the comment's head lists.

export interface ControlChange {
  /** What changed, as a reviewer reads it: "safety.default.deletes: count 5, 10% → count 5000, 100%". */
  words: string;
  /** Where the pull request writes it (file:line), or the base's file:line for one it removes. */
  at: string;
  /** An exception the pull request adds or extends: the plan names the findings it sets aside. */
  exception?: { rule: string; identity: string };
}
