// A person whose deciding record is of an employment still to come, while another source exports
// them active today. The usual case is a contractor converted to employee. In Workday the
// contractor and the employee are "separate entities with two separate Workday IDs", and Okta's
// Workday integration imports "the future Full-Time user (pre-hire)" ahead of the start (Okta
// support, "How to Convert from Contractor to Full-Time Employee Using Workday Provisioning").
// SailPoint's Workday connector documents the same case: a "Contracted employee is Hired as a
// full-time employee in the future". The HR export then has the new worker id with a hire date to
// come, with the same e-mail, and the identity provider still exports the contractor as active.
//
// The merge lets the authoritative record win every attribute (merge-person.ts). That is right
// from the start date on. Before it, the winning attributes (employmentType employee) are not yet
// true, and the planner would take away what today's attributes still justify. So the merge also
// keeps what today's records say of each attribute the record to come decided. It only keeps
// them: whether that employment has begun is the planner's question (`now`, and each app's
// accounts.preStart: policy/before-start.ts).
import type { AttributeValue, BeforeStart, IdentityStatus } from "../model/identity.js";
import type { Provenance, SourceRecord } from "../model/source-record.js";
import { parseDate } from "../model/time.js";

/** What this needs of a merge of today's records (merge-person.ts's MergedPerson has it). */
interface MergedToday { status: IdentityStatus; attributes: Record<string, AttributeValue> }

/**
 * Whether the record's hire date is after its own export: an employment that had not begun when
 * it was exported. The calendar dates are compared first, so only a hire date on or after the
 * export's day is parsed.
 */
export function startsAfterExport(record: SourceRecord): boolean {
  const hired = record.hireDate;
  if (hired === undefined || hired.slice(0, 10) < record.exportedAt.slice(0, 10)) return false;
  return parseDate(hired) > parseDate(record.exportedAt);
}

/**
 * Today's attributes beside the merge's, when the record that gave the merged `hireDate` had not
 * started at its export and another record exports the person active, having started (or having
 * no hire date). Undefined otherwise, which is nearly everyone (one record, or no hire to come).
 * `mergeToday` merges records the same way, its findings dropped: the main merge reports conflicts.
 */
export function beforeStartOf(ordered: readonly SourceRecord[], provenance: Readonly<Record<string, Provenance>>, mergeToday: (records: SourceRecord[]) => MergedToday): BeforeStart | undefined {
  const hired = provenance.hireDate;
  if (hired === undefined) return undefined;
  const future = ordered.find((r) => r.source === hired.source && r.position === hired.at);
  if (future === undefined || !startsAfterExport(future)) return undefined;
  const today = ordered.filter((r) => !startsAfterExport(r));
  const active = today.filter((r) => r.status === "active");
  if (active.length === 0) return undefined;
  const merged = mergeToday(today);
  if (merged.status !== "active") return undefined;
  const attributes: Record<string, BeforeStart["attributes"][string]> = {};
  for (const [name, p] of Object.entries(provenance)) {
    if (p.source !== future.source || p.at !== future.position) continue;
    attributes[name] = merged.attributes[name] ?? null;
  }
  return { source: future.source, at: future.position, hireDate: future.hireDate!, activeIn: active.map((r) => `${r.source} ${r.position}`), status: merged.status, attributes };
}
