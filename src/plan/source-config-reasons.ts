// `plan --base`: a change this pull request makes because it changes how the sources are read
// (a status mapping, a column, a path, gates, correlation) keeps the reason the planner gave it
// as the pull request reads the export, which on its own is false ("rehire: hr:E1 is active
// again" when HR still says Leave and only the mapping changed). Its reason says first that the
// source configuration changed, and how the identity reads at the base and here.
import type { SourceConfigChange } from "../config/source-config-changes.js";
import type { Change } from "../model/change.js";
import type { Identity } from "../model/identity.js";

/** Attributes named in a reason, at most: the rest are counted. */
const NAMED_ATTRIBUTES = 5;

/**
 * The changes with origin `pr` whose identity comes from a source whose configuration changed
 * (or whose correlation changed) and reads differently at the base: their reason starts with
 * what changed. Other changes are returned as they are; nothing is done when nothing changed.
 */
export function withSourceConfigReasons(changes: Change[], configChanges: readonly SourceConfigChange[], identities: readonly Identity[], baseIdentities: readonly Identity[], ref: string): Change[] {
  if (configChanges.length === 0 || !changes.some((c) => c.origin === "pr")) return changes;
  const here = new Map(identities.map((i) => [i.id, i]));
  const atBase = new Map(baseIdentities.map((i) => [i.id, i]));
  const baseByRecord = new Map<string, Identity>();
  for (const i of baseIdentities) for (const r of [i.anchor, ...i.records]) if (!baseByRecord.has(r)) baseByRecord.set(r, i);
  const bySource = new Map(configChanges.filter((c) => c.source !== undefined).map((c) => [c.source!, c]));
  const correlation = configChanges.find((c) => c.source === undefined);
  return changes.map((c) => {
    if (c.origin !== "pr") return c;
    const now = here.get(c.identity);
    const before = atBase.get(c.identity) ?? [c.anchor, now?.anchor, ...(now?.records ?? [])].map((r) => (r === undefined ? undefined : baseByRecord.get(r))).find((i) => i !== undefined);
    const records = [...new Set([c.anchor, ...(now?.records ?? []), ...(before?.records ?? [])].filter((r): r is string => r !== undefined && r.includes(":")))];
    const changed = [...new Set(records.map((r) => bySource.get(r.slice(0, r.indexOf(":")))).filter((x): x is SourceConfigChange => x !== undefined))];
    if (correlation && records.length > 0) changed.push(correlation);
    if (changed.length === 0) return c;
    const difference = differs(now, before, ref);
    // The identity reads the same at the base: the pull request's other edits made the change.
    if (difference === undefined) return c;
    return { ...c, reason: `source configuration changed in this pull request (${changed.map(what).join(", ")}): ${difference}; as this pull request reads it: ${c.reason}` };
  });
}

function what(c: SourceConfigChange): string {
  const name = c.source === undefined ? "correlation" : `sources.${c.source}`;
  return `${name} ${c.change} at ${c.at}`;
}

/** How the identity reads at the base and here, or undefined when it reads the same. */
function differs(now: Identity | undefined, before: Identity | undefined, ref: string): string | undefined {
  if (!now && !before) return undefined;
  if (!before) return `${ref}'s configuration gives no identity ${now!.id} (${now!.anchor})`;
  if (!now) return `${before.id} (${before.anchor}) is an identity only with ${ref}'s configuration`;
  const parts: string[] = [];
  if (before.id !== now.id) parts.push(`login ${before.id} at ${ref}, ${now.id} here`);
  if (before.status !== now.status) parts.push(`status ${before.status} at ${ref}, ${now.status} here`);
  if (before.records.join() !== now.records.join()) parts.push(`records ${before.records.join(", ")} at ${ref}, ${now.records.join(", ")} here`);
  const keys = [...new Set([...Object.keys(before.attributes), ...Object.keys(now.attributes)])].sort();
  // Names only: the values are the export's, and the plan shows the ones it writes where it writes them.
  const attributes = keys.filter((k) => JSON.stringify(before.attributes[k]) !== JSON.stringify(now.attributes[k]) && k !== "status");
  if (attributes.length > 0) parts.push(`${attributes.length === 1 ? "attribute" : "attributes"} ${attributes.slice(0, NAMED_ATTRIBUTES).join(", ")}${attributes.length > NAMED_ATTRIBUTES ? ` and ${attributes.length - NAMED_ATTRIBUTES} more` : ""} differ`);
  return parts.length === 0 ? undefined : `${now.id}: ${parts.join("; ")}`;
}
