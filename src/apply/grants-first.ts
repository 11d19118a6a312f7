// The gate apply/runner.ts holds a target's admin-lowering changes at until its admin grants are
// through (model/admins-order.ts). One gate per target. A grant is through once the runner has its
// result: `applied` or `unchanged` (the connector confirmed the role is held), else missing.
//
// A lane (one identity's changes) waits only for the grants of other lanes: its own grants come
// after its revocations (ACTION_ORDER), and waiting for them would wait forever. A lane that holds
// both (a rehire whose old account is demoted and new one promoted) waits only for the grants of
// lanes that never wait; the runner starts those lanes first, then such mixed lanes, then the rest,
// so every grant a waiting lane needs is in a lane already started that reaches it: no cycle, and
// no worker held by a waiting lane stands between a grant and its turn.
import type { Change } from "../model/change.js";

export class GrantsGate {
  private readonly pending: Set<Change>;
  private readonly missing: Change[] = [];
  private waiters: Array<() => void> = [];

  /** `mixed`: the grants of lanes that also take an admin away (they wait themselves). */
  constructor(grants: Iterable<Change>, private readonly mixed: ReadonlySet<Change> = new Set()) {
    this.pending = new Set(grants);
  }

  /** The runner's result of a grant: `through` when applied or unchanged. */
  settle(change: Change, through: boolean): void {
    if (!this.pending.delete(change)) return;
    if (!through) this.missing.push(change);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /**
   * Waits until every grant outside `lane` has its result (for a lane with grants of its own, every
   * grant of a lane that does not wait); returns the grants (of any lane) not through so far.
   */
  async through(lane: readonly Change[]): Promise<Change[]> {
    const own = new Set(lane);
    const mixed = lane.some((c) => this.mixed.has(c));
    const awaited = (c: Change): boolean => !own.has(c) && !(mixed && this.mixed.has(c));
    while ([...this.pending].some(awaited)) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return [...this.missing];
  }
}
