// What a plan records about the system each target's state was read from, and the findings a
// state file read from elsewhere gets (model/target-tenant.ts; rv83 findings 1 and 3).
//
// A pull request that points a target at another org or URL is planned from the state file the
// old one gave: every change in it is computed against the old tenant, and apply on merge would
// act on the new one. So a state file whose recorded endpoint is not the one scopesync.yaml names,
// or which was pulled for another target, blocks the plan until it is pulled again. The plan also
// records, per target, the endpoint, the tenant's own id and a sample of the account ids the state
// held, so that apply can refuse a live read of another tenant (apply/tenant-binding.ts).
import { targetEndpoint } from "../model/target-endpoint.js";
import type { Change } from "../model/change.js";
import type { TargetConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import { invitationIdOf } from "../model/invited-email.js";
import type { TargetAccount, TargetState } from "../model/target-state.js";
import type { TargetStateFacts } from "../model/target-state-facts.js";

/** How many account ids a plan records per target: enough that a tenant with none of them is told apart, few enough to keep the plan small. */
export const ACCOUNT_SAMPLE = 16;

type Binding = Pick<TargetStateFacts, "endpoint" | "tenantId" | "accountSample">;

/**
 * The target's endpoint (the state file's, or for a live read scopesync.yaml's), its tenant id, and
 * up to ACCOUNT_SAMPLE of its account ids: those whose hash is smallest, so that the same state
 * gives the same sample whatever the order of its accounts, and a tenant's accounts are sampled
 * evenly. Accounts this plan deletes are left out: once applied, they are gone, and a later apply
 * of the same plan (after a cut-off run) must not take their absence for another tenant; so are
 * e-mail invitations, whose account id changes when they are accepted. A file
 * target has no tenant to mistake: its path is its store.
 */
export function bindingFacts(state: TargetState, live: boolean, config: TargetConfig | undefined, changes: readonly Change[]): Binding {
  if (!config || config.type === "file") return {};
  const endpoint = live ? targetEndpoint(config) : state.tenant?.endpoint;
  const deleted = new Set(changes.flatMap((c) => (c.action === "delete-account" && c.account ? [c.account] : [])));
  const sample = smallestByHash(state.accounts, (id) => !deleted.has(id) && invitationIdOf(id) === undefined, ACCOUNT_SAMPLE);
  return { ...(endpoint ? { endpoint } : {}), ...(state.tenant?.id ? { tenantId: state.tenant.id } : {}), ...(sample.length > 0 ? { accountSample: sample } : {}) };
}

/**
 * The ids of the `n` accounts (those `counted`) with the smallest hash (ties by id), sorted: one
 * pass, keeping the best n seen so far, no list of every id. FNV-1a, not a cryptographic hash: it
 * only has to spread the sample over the accounts the same way on every run, and at a million
 * accounts a sha-256 each cost seconds of the plan.
 */
function smallestByHash(accounts: readonly TargetAccount[], counted: (id: string) => boolean, n: number): string[] {
  const kept: Array<{ hash: number; id: string }> = [];
  const before = (a: { hash: number; id: string }, b: { hash: number; id: string }) => a.hash < b.hash || (a.hash === b.hash && a.id < b.id);
  for (const { id } of accounts) {
    if (!counted(id)) continue;
    const k = { hash: fnv1a(id), id };
    if (kept.length === n && !before(k, kept[n - 1]!)) continue;
    const at = kept.findIndex((x) => before(k, x));
    kept.splice(at === -1 ? kept.length : at, 0, k);
    if (kept.length > n) kept.pop();
  }
  return kept.map((k) => k.id).sort();
}

/** 32-bit FNV-1a of the string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A state file that was read from another endpoint than scopesync.yaml names for the target, or
 * pulled for another target (its `target`, unless one of the target's formerNames): an error that
 * blocks the plan, naming both sides and `state pull` as the fix. Nothing for a live read or a file
 * target, and nothing where the file records no endpoint (written before state pull recorded it).
 */
export function stateBindingFindings(target: string, config: TargetConfig | undefined, state: TargetState, readFrom: string, at: string): Finding[] {
  // A file target's store is the target itself: whatever name it carries, there is no other system.
  if (!config || config.type === "file" || readFrom.startsWith("live")) return [];
  const out: Finding[] = [];
  const pull = `run scopesync state pull --target ${target} against the system scopesync.yaml names (check its token), and plan again`;
  const pulledFor = state.tenant?.pulledFor;
  if (pulledFor !== undefined && !(config.formerNames ?? []).includes(pulledFor)) {
    out.push({
      rule: "target-state-elsewhere", severity: "error", target,
      message: `target "${target}": ${readFrom} was pulled for target "${pulledFor}" (its "target"), not for "${target}": a plan from it computes "${target}"'s changes against another system's accounts`,
      remediation: `${pull}; or, if "${pulledFor}" is this target's earlier name, list it in targets.${target}.formerNames`,
      location: at,
    });
  }
  const recorded = state.tenant?.endpoint;
  const configured = targetEndpoint(config);
  if (recorded !== undefined && configured !== undefined && recorded !== configured) {
    out.push({
      rule: "target-state-elsewhere", severity: "error", target,
      message: `target "${target}": ${readFrom} was read from ${recorded}, but scopesync.yaml points the target at ${configured}: every change for "${target}" would be computed against the other system's accounts and applied to this one`,
      remediation: `${pull}; or point targets.${target} back at ${recorded} if the change was a mistake`,
      location: at,
    });
  }
  return out;
}
