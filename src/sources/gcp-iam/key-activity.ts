// The keys' last authentications: `gcloud policy-intelligence query-activity
// --activity-type=serviceAccountKeyLastAuthentication --format=json`, a JSON list of activities.
// gcloud stops at `--limit`, whose default is 1000 ("[--limit=LIMIT; default=1000]", gcloud
// reference, policy-intelligence query-activity; `--limit=unlimited` takes every one), paging
// through the Policy Analyzer API's activities.query ("pageSize ... Max limit is 1000", REST
// reference) for it. A file of exactly 1000 activities was most likely cut there, and nothing in
// gcloud's output says so (no nextPageToken is printed): the keys past it read as use not recorded.
import type { SourceContext } from "../source.js";
import type { ExportFile } from "../common/export-files.js";
import { jsonListEntries } from "../common/discovery/json-list.js";

/** gcloud query-activity's default `--limit`, and the API's largest page. */
export const GCLOUD_ACTIVITY_LIMIT = 1000;

/** Key name (projects/P/serviceAccounts/E/keys/K) → its last authentication, from every activity file. */
export function keyLastAuthentications(context: SourceContext, files: readonly ExportFile[], hint: string): Map<string, string> {
  const lastAuth = new Map<string, string>();
  for (const file of files) {
    const activities = jsonListEntries(context, [file], "array", "activities", hint);
    if (activities.length === GCLOUD_ACTIVITY_LIMIT) warnAtLimit(context, file.path);
    for (const a of activities) {
      const resource = a.requiredString("activity.serviceAccountKey.fullResourceName", "serviceAccountKeyLastAuthentication activities name their key.");
      const at = a.date("activity.lastAuthenticatedTime");
      // "//iam.googleapis.com/projects/P/serviceAccounts/E/keys/K" → the key's own name.
      if (at) lastAuth.set(resource.replace(/^\/\/iam\.googleapis\.com\//, ""), at);
    }
  }
  return lastAuth;
}

function warnAtLimit(context: SourceContext, path: string): void {
  context.warn?.({
    rule: "source-activity-at-limit",
    severity: "warning",
    message: `source "${context.name}": ${path} holds exactly ${GCLOUD_ACTIVITY_LIMIT} activities, gcloud query-activity's default --limit: it is most likely cut there, and the last use of every key past it is unknown (use not recorded, so credential-unused cannot judge those keys)`,
    remediation: "Export every activity: gcloud policy-intelligence query-activity --activity-type=serviceAccountKeyLastAuthentication --project=PROJECT --limit=unlimited --format=json (gcloud follows the API's pages of at most 1000), then plan again.",
    location: path,
  });
}
