// A target's state as the bytes of state/<target>.json: accounts ordered by login then id, keys
// and lists sorted, readAt the run's clock. The same target read twice at the same --now gives the
// same bytes, so a state pull that found nothing new changes nothing in git. TargetState holds no
// credential's secret (ids, logins, entitlements, profile attributes), but an app's attribute can
// hold a token someone pasted there: callers pass the state through secretFreeState first.
import type { TargetState } from "../model/target-state.js";

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `endpoint`: where scopesync.yaml points the target (model/target-endpoint.ts), written with the
 * tenant id the read found, so that a plan from the file can tell that it was read from elsewhere
 * (plan/state-binding.ts) and apply that a live read is another tenant (apply/tenant-binding.ts).
 */
export function stateJson(state: TargetState, readAt: string, endpoint?: string): string {
  const accounts = [...state.accounts]
    .sort((a, b) => cmp(a.login.toLowerCase(), b.login.toLowerCase()) || cmp(a.id, b.id))
    .map((a) => ({
      id: a.id,
      login: a.login,
      ...(a.externalId ? { externalId: a.externalId } : {}),
      active: a.active,
      attributes: Object.fromEntries(Object.entries(a.attributes).sort(([x], [y]) => cmp(x, y))),
      entitlements: [...new Set(a.entitlements)].sort(),
      ...(a.disabledAt ? { disabledAt: a.disabledAt } : {}),
    }));
  const credentials = [...state.credentials]
    .sort((a, b) => cmp(a.id, b.id))
    // The facts the planner decides credentials on travel with them, so that a plan from the
    // saved state revokes what a live plan would (an inactive key stays unplanned, age and use count).
    .map((c) => ({
      id: c.id,
      account: c.account,
      ...(c.heldBy ? { heldBy: c.heldBy } : {}),
      type: c.type,
      ...(c.credentialId ? { credentialId: c.credentialId } : {}),
      ...(c.access ? { access: c.access } : {}),
      ...(c.createdAt ? { createdAt: c.createdAt } : {}),
      ...(c.lastUsedAt ? { lastUsedAt: c.lastUsedAt } : {}),
      ...(c.recordsUse ? { recordsUse: true } : {}),
      ...(c.status ? { status: c.status } : {}),
      ...(c.manualRevocation ? { manualRevocation: c.manualRevocation } : {}),
      ...(c.withHolderOnly ? { withHolderOnly: true } : {}),
      ...(c.unknownReportedOnly ? { unknownReportedOnly: true } : {}),
    }));
  // A group's parent and roles confer privilege on its members as its holds do (plan/conferred.ts:
  // a child team inherits its parent's access, a team's organization role is its members'):
  // dropped, an offline plan from the pulled state marked such a membership unprivileged.
  const groups = state.groups
    ? {
        groups: [...state.groups]
          .sort((a, b) => cmp(a.entitlement, b.entitlement))
          .map((g) => ({ entitlement: g.entitlement, holds: [...new Set(g.holds)].sort(), ...(g.parent ? { parent: g.parent } : {}), ...(g.roles ? { roles: [...new Set(g.roles)].sort() } : {}) })),
      }
    : {};
  // Each group's id: a later live read follows a group renamed in the app by it (targets/renamed-groups.ts).
  const groupIds = state.groupIds?.length
    ? { groupIds: [...state.groupIds].sort((a, b) => cmp(a.entitlement, b.entitlement) || cmp(a.id, b.id)).map((g) => ({ entitlement: g.entitlement, id: g.id, ...(g.renamedTo ? { renamedTo: g.renamedTo } : {}) })) }
    : {};
  const privileged = state.privileged?.length ? { privileged: [...new Set(state.privileged)].sort() } : {};
  // Which attributes the app keeps in the case it is sent (its /Schemas): a plan from the file compares as a live one.
  const caseExact = state.attributeCaseExact ? { attributeCaseExact: Object.fromEntries(Object.entries(state.attributeCaseExact).sort(([x], [y]) => cmp(x, y))) } : {};
  const tenant = { ...(endpoint ? { endpoint } : {}), ...(state.tenant?.id ? { tenantId: state.tenant.id } : {}) };
  return `${JSON.stringify({ formatVersion: 1, target: state.target, ...tenant, readAt, accounts, credentials, ...groups, ...groupIds, ...privileged, ...caseExact }, null, 2)}\n`;
}
