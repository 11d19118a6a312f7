import type { Finding } from "../model/finding.js";
import { changeId, type Action, type Change, type Origin } from "../model/change.js";

/** What one target's diff plans: its changes and findings, in the order decided. */
export class DiffOutput {
  readonly changes: Change[] = [];
  readonly findings: Finding[] = [];

  constructor(private readonly target: string) {}

  /** A change to the named identity (or `account:<login>`); its id is target, action, name and what it is about. */
  add(action: Action, identity: string, fields: Partial<Change> & { reason: string; origin: Origin }): void {
    const { target } = this;
    const detail = fields.entitlement ?? fields.credential ?? "";
    this.changes.push({ id: changeId(target, action, identity, detail), target, action, identity, privileged: false, evidence: [], ...fields });
  }
}
