// HR status values vary by vendor and tenant. Mapping is explicit: an unknown value stops the
// run, because guessing "active" for "Retired" would keep a leaver's access.
import type { RecordStatus } from "../../model/source-record.js";
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { stringMapOption } from "../common/options.js";

export const DEFAULT_STATUS_VALUES: Readonly<Record<string, RecordStatus>> = {
  active: "active",
  leave: "suspended",
  "on leave": "suspended",
  suspended: "suspended",
  terminated: "terminated",
  inactive: "terminated",
};

const STATUSES: readonly string[] = ["active", "suspended", "terminated"];

/** Lower-cased export value → status; configured values replace the defaults entirely. */
export function statusMap(context: SourceContext): Map<string, RecordStatus> {
  const configured = stringMapOption(context, "statusValues");
  const entries = configured ?? DEFAULT_STATUS_VALUES;
  const map = new Map<string, RecordStatus>();
  for (const [value, status] of Object.entries(entries)) {
    if (!STATUSES.includes(status)) {
      throw new SourceError(
        context.name,
        `options.statusValues.${value} is ${JSON.stringify(status)}, expected active, suspended or terminated`,
        `Fix sources.${context.name}.options.statusValues in scopesync.yaml.`,
      );
    }
    map.set(value.trim().toLowerCase(), status as RecordStatus);
  }
  return map;
}
