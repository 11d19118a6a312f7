// What a `scim` target accepts in scopesync.yaml. New options go here: validate, editors and
// docs/formats.md read it; settings.ts keeps what a schema cannot say (the URL's scheme, the token).
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";

/** `options` of a scim target as the schema below admits them. */
export interface ScimOptions { pageSize?: number; timeoutMs?: number; maxConcurrency?: number; groupMembers?: GroupMembersMode; paging?: PagingMode; deletes?: DeleteMode }

/**
 * Where memberships are read from. `listed`: each group's `members` (RFC 7643 §4.2). `filter`: one
 * `GET /Groups?filter=id eq "G" and members eq "U"` per group and account, for apps whose groups
 * never list their members (AWS IAM Identity Center: "GetGroup and ListGroups return an empty
 * member list", https://docs.aws.amazon.com/singlesignon/latest/developerguide/listgroups.html).
 */
export type GroupMembersMode = "listed" | "filter";

/**
 * How lists are paged. `index`: `startIndex`/`count`, ended by `totalResults` (RFC 7644 §3.4.2.4).
 * `cursor`: `cursor` (empty on the first request) and each answer's `nextCursor`, as AWS IAM
 * Identity Center documents for ListUsers and ListGroups, which ignore `startIndex` ("does not
 * support ... startIndex"; "Pagination requests must include cursor"; "as long as nextCursor is
 * present in the response, additional pages are available",
 * https://docs.aws.amazon.com/singlesignon/latest/developerguide/listusers.html, listgroups.html).
 */
export type PagingMode = "index" | "cursor";

/**
 * What the app's `DELETE /Users/{id}` does. `remove`: the user is gone (RFC 7644 §3.6: later
 * requests answer 404). `deactivate`: the user stays, inactive (StoryChief: "The deleted User will
 * still be returned by GET /Users with the active field set to false"; Zuora's DELETE "Deactivates
 * a specific user"): such an app cannot delete, so the plan never asks it to; a leaver's disabled
 * account is their offboarding.
 */
export type DeleteMode = "remove" | "deactivate";

/** The largest pageSize the options accept; a hint never suggests more. */
export const SCIM_MAX_PAGE_SIZE = 1000;
export const SCIM_DEFAULTS = { pageSize: 100, timeoutMs: 30_000, maxConcurrency: TARGET_CAPABILITIES.scim.maxConcurrency, groupMembers: "listed" as GroupMembersMode, paging: "index" as PagingMode, deletes: "remove" as DeleteMode };

export const scimSchema: AdapterSchema = {
  requiredKeys: ["url", "token"],
  options: {
    type: "object",
    additionalProperties: false,
    properties: {
      pageSize: {
        type: "integer", minimum: 1, maximum: SCIM_MAX_PAGE_SIZE, default: SCIM_DEFAULTS.pageSize,
        description: "Page size asked for when listing; never more than the app's ServiceProviderConfig `filter.maxResults`; the server may give fewer (by index, pages follow totalResults, and a full last page, or a first page of fewer than asked, is checked by asking the next). AWS IAM Identity Center takes at most 100. A first answer holding more than this, with totalResults equal to it, is an app that ignores paging: its whole list.",
      },
      timeoutMs: { type: "integer", minimum: 1, maximum: 600_000, default: SCIM_DEFAULTS.timeoutMs, description: "Per-request timeout." },
      maxConcurrency: {
        type: "integer", minimum: 1, maximum: 64, default: SCIM_DEFAULTS.maxConcurrency,
        description: "Changes sent at once; lowers the apply's own limit.",
      },
      groupMembers: {
        type: "string", enum: ["listed", "filter"], default: SCIM_DEFAULTS.groupMembers,
        description: "How memberships are read: `listed` from each group's `members`; `filter` asks the app, for each group the app policy maps and each account, `filter=id eq \"G\" and members eq \"U\"` (maxConcurrency at once), for apps whose groups list no members (AWS IAM Identity Center).",
      },
      paging: {
        type: "string", enum: ["index", "cursor"], default: SCIM_DEFAULTS.paging,
        description: "How lists are paged: `index` by `startIndex`/`count` up to `totalResults`; `cursor` by `cursor` and `nextCursor` (AWS IAM Identity Center, whose lists ignore `startIndex`). A read that finds the app ignoring `startIndex` fails and names this setting.",
      },
      deletes: {
        type: "string", enum: ["remove", "deactivate"], default: SCIM_DEFAULTS.deletes,
        description: "What the app's `DELETE /Users/{id}` does: `remove` (the user is gone; apply checks that `GET` answers 404) or `deactivate` (the user stays, inactive: StoryChief, Zuora, Tracecat); with `deactivate` the plan never deletes, a leaver's account stays disabled.",
      },
    },
  },
};
