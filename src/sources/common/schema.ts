// Option schemas the export-file adapters share. Each adapter's own schema.ts builds on these.
import type { JsonSchema } from "../../model/adapter-schema.js";
import { DEFAULT_DISABLED_MEANING, DISABLED_MEANINGS } from "../../model/directory-disabled.js";

export const nonEmptyString = { type: "string", pattern: "\\S" } as const;

/** `options.exportedAt`: the export's time for the gates (a parse, checked in exported-at.ts; against the plan and the snapshot in export-time.ts). */
export const exportedAt: JsonSchema = {
  type: "string",
  title: "date-time",
  description: "The export's time, for `maxAge`: an RFC 3339 date-time with a zone, no later than the plan's time (`source-gate-future-export`) nor earlier than the accepted snapshot's (`source-gate-older-than-snapshot`). Default: the oldest modification time of the files read.",
};

/**
 * The options mapping of an export-file adapter: its own options plus `exportedAt`, nothing else.
 * An adapter whose export says its own time (okta's pages' Date headers) gives its own `exportedAt`.
 */
export function exportOptions(properties: Record<string, JsonSchema> = {}): JsonSchema {
  return { type: "object", additionalProperties: false, properties: { ...properties, exportedAt: properties["exportedAt"] ?? exportedAt } };
}

/** `statusAttribute` of the LDAP-shaped sources (ldap, ldif), with its partner `disabledValues`. */
export const statusAttributeOption = {
  ...nonEmptyString,
  title: "attribute name",
  description: "With `disabledValues`: an entry whose attribute has one of the values (case-insensitive) is a disabled account, read as `disabledMeans` says (`suspended` by default). Set both or neither.",
};
export const statusDependencies = { statusAttribute: ["disabledValues"], disabledValues: ["statusAttribute"] };

/**
 * `disabledMeans` of a source whose people have a disabled state and no "on leave" one (ldap, ldif,
 * entra, google): what a disabled account says of the person here (model/directory-disabled.ts).
 * `which` says what a disabled account is in that source, and `leave` how people there usually
 * leave; the rest is the same for all, so that the four read the same way.
 */
export function disabledMeansFor(which: string, leave: string) {
  return {
    type: "string",
    enum: [...DISABLED_MEANINGS],
    default: DEFAULT_DISABLED_MEANING,
    description:
      `What a disabled account means in this organisation: \`suspended\` (on leave: each app's \`accounts.onSuspended\` decides; never deleted) or \`terminated\` (left: offboarded as any leaver). ${which} ${leave} Either way the directory's words are kept in the attribute \`accountDisabled\` and every plan text that rests on it says "disabled in SOURCE".`,
  } as const;
}

/** `disabledMeans` of the LDAP-shaped sources: in Active Directory, disabling the account is the usual leaver step. */
export const disabledMeansOption = disabledMeansFor(
  "A disabled account is AD `userAccountControl` with ACCOUNTDISABLE (0x2, Microsoft: \"The account is disabled\"), an OpenLDAP `pwdAccountLockedTime: 000001010000Z`, or a `statusAttribute` value in `disabledValues`.",
  "Where disabling the account is how people leave (the usual AD leaver step: disable, move to a Leavers OU), write `terminated`.",
);
