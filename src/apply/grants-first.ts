// The gate apply/runner.ts holds a target's admin-lowering changes at until its admin grants are
// through (model/admins-order.ts). One gate per target. A grant is through once the runner has its
// result: `applied` or `unchanged` (the connector confirmed the role is held), else missing.
//
// A lane (one identity's changes) waits only for the grants of other lanes: its own grants come
// after its revocations (ACTION_ORDER), and waiting for them would wait forever. The runner starts
// the lanes that hold grants before any other, and a lane with a grant never waits before it, so
// every grant a waiting lane needs is already running: no lane waits on one that waits.
import type { Change } from "../model/change.js";

export class GrantsGate {
  private readonly pending: Set<Change>;
  private readonly missing: Change[] = [];
  private waiters: Array<() => void> = [];

  constructor(grants: Iterable<Change>) {
    this.pending = new Set(grants);
  }

  /** Whether `change` is a grant the gate waits for. */
  holds(change: Change): boolean {
    return this.pending.has(change);
  }

  /** The runner's result of a grant: `through` when applied or unchanged. */
  settle(change: Change, through: boolean): void {
    if (!this.pending.delete(change)) return;
    if (!through) this.missing.push(change);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Waits until every grant outside `lane` has its result; returns the grants (of any lane) not through so far. */
  async through(lane: readonly Change[]): Promise<Change[]> {
    const own = new Set(lane);
    while ([...this.pending].some((c) => !own.has(c))) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return [...this.missing];
  }
}
