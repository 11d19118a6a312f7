// A person whose deciding record is of an employment still to come while another source exports
// them active today: a contractor converted to employee, HR entering the conversion ahead
// (resolve/before-start.ts). The identity as merged is the person from the start date on. Before
// that date, today's records describe them. As for a group name that means no one group
// (groups-unknown.ts), the planner decides in both worlds, today's and the one to come. Until the new
// employment's access begins in an app (its hire date less accounts.preStart, pre-start.ts), it
// takes away nothing that either world justifies. It gives nothing, enables nothing and updates
// nothing, as for any joiner who has not started (diff-target.ts). So the access of the current
// employment is kept until the day, and the access of the new one waits for it. The plan says
// so (conversion-not-started).
import type { AttributeValue, Identity } from "../model/identity.js";

/**
 * The person as today's records give them: the identity with each attribute the record to come
 * decided replaced by today's value (removed where today's records have none), and today's status.
 * An attribute an overlay decided since (its provenance is no longer that record's) stays as it
 * is. Undefined for anyone without `beforeStart`.
 */
export function identityToday(identity: Identity): Identity | undefined {
  const before = identity.beforeStart;
  if (before === undefined) return undefined;
  const attributes: Record<string, AttributeValue> = { ...identity.attributes };
  for (const [name, value] of Object.entries(before.attributes)) {
    const from = identity.provenance[name];
    if (from === undefined || from.source !== before.source || from.at !== before.at) continue;
    if (value === null) delete attributes[name];
    else attributes[name] = value;
  }
  const { beforeStart: _future, ...rest } = identity;
  return { ...rest, status: before.status, attributes };
}

/**
 * The attributes today's records give a value that differs from the one the new employment gives,
 * as `name "today's value"`, in name order: what the reviewer reads to see why access is kept.
 * One today's records lack is left out (it decides nothing today that its absence would not).
 */
export function differencesToday(identity: Identity, today: Identity): string[] {
  const names = Object.keys(identity.beforeStart?.attributes ?? {}).filter((n) => n !== "hireDate" && n !== "terminationDate" && n !== "groups" && n !== "groupIds");
  return names
    .filter((n) => today.attributes[n] !== undefined && JSON.stringify(identity.attributes[n]) !== JSON.stringify(today.attributes[n]))
    .sort()
    .map((n) => `${n} ${JSON.stringify(today.attributes[n])}`);
}
