// Rules that cross targets (a leaver's access anywhere, an NHI used by several apps, custom rules
// on entitlements in two apps) ask what an identity holds once the plan is applied, in every
// target. A shard knows only its own target, so it records the answers its target gives for every
// identity the rules ask about; `plan merge` unites the shards' answers and the rules run once,
// on the whole plan, as in one process.
//
// Which identities the rules ask about does not depend on what they hold: every rule asks before
// it branches on an answer (leavers, NHIs, identities a custom rule's selector matches). So every
// shard records the same identities, and the merge can refuse a question no shard recorded
// instead of answering it wrongly.
import type { AfterPlanView } from "../policy/rules/context.js";

/** Identity id → what it holds in one target after the plan (omitted when nothing). */
export type AfterFacts = Record<string, { accounts?: string[]; entitlements?: string[]; credentials?: string[]; manualCredentials?: string[] }>;

const KINDS = ["accounts", "entitlements", "credentials", "manualCredentials"] as const;

/** Answers as `inner` does and remembers who was asked about. */
export class RecordingAfter implements AfterPlanView {
  private readonly asked = new Set<string>();
  constructor(private readonly inner: AfterPlanView) {}
  accounts(id: string): ReadonlySet<string> {
    this.asked.add(id);
    return this.inner.accounts(id);
  }
  entitlements(id: string): ReadonlySet<string> {
    this.asked.add(id);
    return this.inner.entitlements(id);
  }
  credentials(id: string): ReadonlySet<string> {
    this.asked.add(id);
    return this.inner.credentials(id);
  }
  manualCredentials(id: string): ReadonlySet<string> {
    this.asked.add(id);
    return this.inner.manualCredentials(id);
  }
  /** Every identity asked about, with every answer, sorted: the same bytes run to run. */
  facts(): AfterFacts {
    const out: AfterFacts = {};
    for (const id of [...this.asked].sort()) {
      const entry: AfterFacts[string] = {};
      for (const kind of KINDS) {
        const values = [...this.inner[kind](id)].sort();
        if (values.length > 0) entry[kind] = values;
      }
      out[id] = entry;
    }
    return out;
  }
}

/** The union of the shards' answers: what each identity holds in all targets together. */
export class MergedAfter implements AfterPlanView {
  private readonly held = new Map<string, Record<(typeof KINDS)[number], Set<string>>>();
  constructor(shards: readonly AfterFacts[]) {
    for (const facts of shards) {
      for (const [id, entry] of Object.entries(facts)) {
        let sets = this.held.get(id);
        if (!sets) this.held.set(id, (sets = { accounts: new Set(), entitlements: new Set(), credentials: new Set(), manualCredentials: new Set() }));
        for (const kind of KINDS) for (const v of entry[kind] ?? []) sets[kind].add(v);
      }
    }
  }
  accounts(id: string): ReadonlySet<string> {
    return this.get(id).accounts;
  }
  entitlements(id: string): ReadonlySet<string> {
    return this.get(id).entitlements;
  }
  credentials(id: string): ReadonlySet<string> {
    return this.get(id).credentials;
  }
  manualCredentials(id: string): ReadonlySet<string> {
    return this.get(id).manualCredentials;
  }
  private get(id: string): Record<(typeof KINDS)[number], Set<string>> {
    const sets = this.held.get(id);
    // Not "holds nothing": an answer no shard recorded would be a guess, and the plan would differ.
    if (!sets) throw new Error(`plan merge: the shards recorded nothing about what ${id} holds after the plan; the shards were made by another version of scopesync`);
    return sets;
  }
}
