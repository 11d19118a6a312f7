// A list taken whole from one answer that holds a round number of resources, with totalResults the
// same. Apps that ignore paging answer every list whole (whole-list.ts), but so does, request for
// request, an app that ignores `count` and `startIndex`, gives at most N an answer and reports N as
// totalResults, and declares no `filter.maxResults`: every question gets the same N resources and
// the same total, so no answer tells the two apart. Caps are round numbers (AWS IAM Identity Center
// and better-auth give at most 100, better-auth/better-auth#10398; WSO2 IS a configured maximum),
// and an app holding exactly such a number is rare: the read is not refused (the list may well be
// whole, and refusing would leave an app that ignores paging no way to be read), but the plan warns,
// so that reviewers check the app's own count before trusting its leavers.
import type { Finding } from "../../model/finding.js";

/** 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, …: the numbers caps are set to. */
export function isCapLike(n: number): boolean {
  if (!Number.isInteger(n) || n < 50) return false;
  const scale = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 2.5, 5].some((d) => n === d * scale);
}

/** The warning for a list of `path` read whole from one answer of `n`, totalResults `n`. */
export function capLikeFinding(target: string, path: string, n: number): Finding {
  const what = path === "/Groups" ? "groups" : "users";
  return {
    rule: "scim-list-cap-like",
    severity: "warning",
    message: `GET ${path} was read whole from one answer of exactly ${n} ${what} with totalResults ${n}, more than or regardless of the count asked: an app that ignores paging and holds exactly ${n} answers so, and so does one that gives at most ${n} an answer, reports that as totalResults and ignores startIndex; the ${what} past such a cap would be missing from this plan (a leaver among them would not be disabled)`,
    remediation: `check how many ${what} the app itself holds (its admin console); if more than ${n}, its SCIM list cannot be read whole by index: set targets.${target}.options.paging to cursor if it pages by cursor, else ask its vendor for paging or a declared filter.maxResults`,
  };
}
