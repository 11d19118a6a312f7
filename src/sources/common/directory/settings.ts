// What the directory mapping needs to know about one ldif or ldap source. Both adapters build
// it from their options, so the same directory maps the same way from a file and from the server.
import type { DisabledMeaning } from "../../../model/directory-disabled.js";

export interface DirectorySettings {
  source: string;
  exportedAt: string;
  /**
   * The plan's clock (--now), when the run has one: an AD accountExpires that has passed by then
   * is the leaving, even if it passed after the export (AD enforces it at that time).
   */
  now?: string;
  /** options.disabledMeans: the status a disabled or locked account gives (suspended unless set). */
  disabledMeans: DisabledMeaning;
  /** options.anchor, or undefined for the schema's default (objectGUID for AD, else entryUUID). */
  anchor: string | undefined;
  /** Lower-cased object classes that make an entry a group (defaults plus options.groupClasses). */
  groupClasses: ReadonlySet<string>;
  /** How many levels of groups inside groups are followed (options.maxGroupDepth); deeper nesting fails the read. */
  maxGroupDepth: number;
  /** options.statusAttribute/disabledValues: an entry whose attribute has one of the values is disabled (options.disabledMeans). */
  status?: { attribute: string; disabledValues: ReadonlySet<string> };
  /** options.employmentTypeValues (common/employment-type.ts): employeeType's words as policies name them. */
  employmentTypes: ReadonlyMap<string, string>;
}

export const DEFAULT_MAX_GROUP_DEPTH = 10;
