import { sourceOfRef } from "../model/keys.js";

/**
 * An account's mark that no identity has: an NHI no longer defined, a record of a source that
 * failed its gates or cannot be proven complete (unknown, not gone), of one read that no longer
 * exports it, or of a source not read (another system's mark, or a source not configured).
 */
export type Mark = "nhi" | "failed" | "gone" | "unread";

/** What the diff does with an account of each kind of mark, as a finding says it. */
export const MARK_FATE: Record<Mark, (source: string, why: string) => string> = {
  nhi: () => "an NHI no longer defined: offboarded in this plan",
  failed: (source, why) => `source "${source}" ${why}: left alone`,
  gone: (source) => `no longer in source "${source}": a leaver's, offboarded in this plan`,
  unread: (source) => `source "${source}" was not read: left alone`,
};

/** Where the mark of an account no identity claims comes from, which decides what is done with it. */
export function markOf(externalId: string, unknownAbsence: ReadonlySet<string>, sourcesRead: ReadonlySet<string>): Mark {
  const source = sourceOfRef(externalId);
  if (source === "nhi") return "nhi";
  if (unknownAbsence.has(source)) return "failed";
  return sourcesRead.has(source) ? "gone" : "unread";
}
