import { resolve } from "node:path";
import { ScopesyncError } from "../model/errors.js";
import { ACCOUNT_FIELDS } from "../model/account-fields.js";
import { jsonSyntaxProblem } from "../model/json-error.js";
import { listInterner } from "../model/list-interner.js";
import { isValidDate, leapSecond } from "../model/time.js";
import type { TargetAccount, TargetGroup, TargetGroupId, TargetState } from "../model/target-state.js";
import type { TargetTenant } from "../model/target-tenant.js";
import { checkCredentials, type DateCheck } from "./state-credentials.js";
import { idAsStringFix, shapeProblem, StateShapeError, type StateShapeProblem } from "./state-shape.js";
import { stateText } from "./state-text.js";
import { TextReader } from "./text-reader.js";

/**
 * Where a target's saved state lives: the file target's own store (`path`), else `state:`, else
 * state/<name>.json, which `scopesync state pull` and `import` write.
 */
export function statePath(name: string, config: { type: string; path?: string; state?: string }): string {
  if (config.type === "file" && config.path) return config.path;
  return config.state ?? `state/${name}.json`;
}

/**
 * Reads a target state file (the `file` target's store, or a saved state of a live target).
 * A missing or malformed file is an error: a target read that fails is never "no accounts"; so
 * is one that is not UTF-8 (state-text.ts). Several files read with one `reader` share its buffer.
 */
export function readStateFile(repoDir: string, path: string, target: string, reader = new TextReader(), named?: StateNamedAt): TargetState {
  let bytes: Buffer;
  try {
    bytes = reader.readBytes(resolve(repoDir, path));
  } catch (e) {
    throw cannotReadState(path, target, { code: (e as NodeJS.ErrnoException).code, message: (e as Error).message }, named);
  }
  return parseStateText(stateText(bytes, path, target), path, target);
}

/** A state file's text as readStateFile checks it: JSON syntax, then the state's shape. */
export function parseStateText(text: string, path: string, target: string): TargetState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ScopesyncError(`target "${target}": ${path} is ${jsonSyntaxProblem(text, e)}`, "restore the file from git or from a backup");
  }
  try {
    return checkState(data, path, target);
  } catch (e) {
    // The value that is wrong, at its line and column: the text is only here.
    throw e instanceof StateShapeError ? e.locatedIn(text) : e;
  }
}

/** Where scopesync.yaml names a state file (its file:line:col) and whether a live target's `state pull` writes it. */
export interface StateNamedAt {
  at: string;
  live: boolean;
}

/** The error for a state file the file system would not read (`failure`: its error's code and message). */
export function cannotReadState(path: string, target: string, failure: { code?: string | undefined; message: string }, named?: StateNamedAt): ScopesyncError {
  const { code } = failure;
  const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : undefined;
  const where = named ? ` (named at ${named.at})` : "";
  const pull = named?.live ? `; \`scopesync state pull --target ${target}\` writes it from the live target` : "";
  return new ScopesyncError(`target "${target}": cannot read ${path}${where}: ${why ? `${why} (${code})` : (code ?? failure.message)}`, `check the path in scopesync.yaml${pull}; to start empty, create the file with {"formatVersion":1,"accounts":[],"credentials":[]}`);
}

/** A TargetAccount's optional fields (ACCOUNT_FIELDS: all of them, in order). */
const OPTIONAL_FIELDS: ReadonlySet<string> = new Set(["externalId", "disabledAt"]);

/**
 * Is this parsed account (id, login and active already checked) exactly what the copy below would
 * make: the same fields in the same order, optional ones strings? Nearly every account is, and is
 * then kept as JSON.parse made it: copying each of 400k accounts doubled what a read allocates.
 * The order matters because the file target writes its accounts back as they are.
 */
function isTargetAccount(x: Record<string, unknown>): x is Record<string, unknown> & TargetAccount {
  let next = 0;
  for (const key in x) {
    while (next < ACCOUNT_FIELDS.length && ACCOUNT_FIELDS[next] !== key && OPTIONAL_FIELDS.has(ACCOUNT_FIELDS[next]!)) next++;
    if (ACCOUNT_FIELDS[next] !== key) return false;
    next++;
  }
  return (x.externalId === undefined || typeof x.externalId === "string") && (x.disabledAt === undefined || typeof x.disabledAt === "string") && x.attributes != null && Array.isArray(x.entitlements);
}

/**
 * Shares one string among the accounts for each value of an attribute whose values repeat (title,
 * department: a tenth of a state file's heap at 100k people). An attribute that shows more than
 * MAX_DISTINCT values (email, displayName) is unique per account and no longer looked up, so the
 * table stays small whatever the size of the target.
 */
function attributeInterner(): (attributes: Record<string, unknown>) => void {
  const MAX_DISTINCT = 1000;
  const tables = new Map<string, Map<string, string> | null>();
  return (attributes) => {
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value !== "string") continue;
      let table = tables.get(key);
      if (table === null) continue;
      if (table === undefined) tables.set(key, (table = new Map()));
      const had = table.get(value);
      if (had !== undefined) attributes[key] = had;
      else if (table.size < MAX_DISTINCT) table.set(value, value);
      else tables.set(key, null);
    }
  };
}


/**
 * The fix for a disabledAt that is no date. An error rather than "unknown" (delete-grace-unknown),
 * as for readAt: the value is there and means a date, and the delete it decides cannot be undone.
 */
const DISABLED_AT_FIX = "write disabledAt as an RFC 3339 date-time with a zone such as 2026-10-31T20:00:00Z (without one it names a different instant in each time zone), or remove it: the account is then not deleted, and the plan says so (delete-grace-unknown)";

/**
 * Refuses a date field of the state file (`what`: where it is, such as `accounts[3] (sam.roe)
 * disabledAt`; `at`: its JSON path) that isValidDate does not accept: a date-time without a zone
 * would be a different instant on each runner, and "31/10/2026" none at all, where a plan must be
 * the same on every one.
 */
function dateChecker(bad: StateShapeProblem): DateCheck {
  return (value, what, at, fix) => {
    if (typeof value === "string" && isValidDate(value)) return;
    const leap = typeof value === "string" ? leapSecond(value) : undefined;
    bad(`${what} ${JSON.stringify(value)} is not a date${leap ? `: ${leap.problem}` : " (expected an RFC 3339 date-time with a zone, or YYYY-MM-DD)"}`, at, leap ? leap.fix : fix);
  };
}

/**
 * Checks one parsed account (the i-th) and gives it in TargetAccount's shape, its entitlement
 * list and repeated attribute values shared with the accounts this checker saw before.
 */
export function accountChecker(path: string, target: string): (a: unknown, i: number) => TargetAccount {
  // A large target's accounts hold a few hundred distinct entitlement lists between them, a million times.
  const entitlements = listInterner();
  const attribute = attributeInterner();
  const bad = shapeProblem(path, target);
  const checkDate = dateChecker(bad);
  return (a, i) => {
    const x = a as Record<string, unknown>;
    if (!x || typeof x !== "object" || typeof x.id !== "string" || typeof x.login !== "string" || typeof x.active !== "boolean") {
      // At the field that is wrong (the account itself when one is missing).
      const wrong = x && typeof x === "object" ? (["id", "login", "active"] as const).find((k) => x[k] !== undefined && typeof x[k] !== (k === "active" ? "boolean" : "string")) : undefined;
      bad(`accounts[${i}] needs id (string), login (string) and active (boolean)`, wrong ? ["accounts", i, wrong] : ["accounts", i], (wrong && idAsStringFix(x[wrong])) || undefined);
    }
    if (x.entitlements !== undefined && !Array.isArray(x.entitlements)) bad(`accounts[${i}].entitlements must be a list`, ["accounts", i, "entitlements"]);
    if (x.disabledAt !== undefined && x.disabledAt !== null) checkDate(x.disabledAt, `accounts[${i}] (${x.login}) disabledAt`, ["accounts", i, "disabledAt"], DISABLED_AT_FIX);
    if (isTargetAccount(x)) {
      x.entitlements = entitlements(x.entitlements);
      attribute(x.attributes);
      return x;
    }
    if (x.attributes && typeof x.attributes === "object") attribute(x.attributes as Record<string, unknown>);
    return {
      id: x.id as string,
      login: x.login as string,
      ...(typeof x.externalId === "string" ? { externalId: x.externalId } : {}),
      active: x.active as boolean,
      attributes: (x.attributes as Record<string, string> | undefined) ?? {},
      entitlements: entitlements((x.entitlements as unknown[] | undefined) ?? []),
      ...(typeof x.disabledAt === "string" ? { disabledAt: x.disabledAt } : {}),
    };
  };
}

/** A parsed state file checked: its accounts (accountChecker), then that no id repeats, then its groups and readAt. */
export function checkState(data: unknown, path: string, target: string): TargetState {
  const bad = shapeProblem(path, target);
  if (!data || typeof data !== "object" || Array.isArray(data)) bad(`expected a JSON object, not ${Array.isArray(data) ? "a list" : data === null ? "null" : `a ${typeof data}`}`, []);
  const d = data as Record<string, unknown>;
  if (d.formatVersion !== 1) bad(d.formatVersion === undefined ? "formatVersion is missing, expected 1" : `formatVersion is ${JSON.stringify(d.formatVersion)}, expected 1`, ["formatVersion"]);
  if (!Array.isArray(d.accounts)) bad("accounts must be a list", ["accounts"]);
  const accounts = (d.accounts as unknown[]).map(accountChecker(path, target));
  const ids = new Set<string>();
  accounts.forEach((a, i) => {
    if (ids.has(a.id)) bad(`account id "${a.id}" appears twice`, ["accounts", i, "id"]);
    ids.add(a.id);
  });
  const credentials = checkCredentials(d.credentials, bad, dateChecker(bad));
  // Absent: the file was written by a read that did not cover groups (the planner says so).
  let groups: TargetGroup[] | undefined;
  if (d.groups !== undefined) {
    if (!Array.isArray(d.groups)) bad("groups must be a list", ["groups"]);
    groups = (d.groups as unknown[]).map((g, i): TargetGroup => {
      const x = g as Record<string, unknown>;
      if (!x || typeof x.entitlement !== "string" || !Array.isArray(x.holds)) bad(`groups[${i}] needs entitlement (string) and holds (list)`, ["groups", i]);
      // The parent's grants are its members' too (plan/conferred.ts): a parent that is not a name is refused, not dropped.
      if (x.parent !== undefined && typeof x.parent !== "string") bad(`groups[${i}].parent must be the parent group's entitlement (a string such as "team:platform")`, ["groups", i, "parent"]);
      // Roles the group confers (GitHub: a team's organization roles) are refused when malformed, not dropped, for the same reason.
      if (x.roles !== undefined && (!Array.isArray(x.roles) || !x.roles.every((r) => typeof r === "string"))) bad(`groups[${i}].roles must be a list of entitlements (such as "org-role:security_manager")`, ["groups", i, "roles"]);
      return { entitlement: x.entitlement as string, holds: (x.holds as unknown[]).map(String), ...(typeof x.parent === "string" ? { parent: x.parent } : {}), ...(Array.isArray(x.roles) ? { roles: x.roles as string[] } : {}) };
    });
  }
  // Each group's id, by the entitlement the plan names it with (renamed-groups.ts): refused when
  // malformed, never dropped, since a rename is followed by it.
  let groupIds: TargetGroupId[] | undefined;
  if (d.groupIds !== undefined) {
    if (!Array.isArray(d.groupIds)) bad('groupIds must be a list of { "entitlement": "group:<name>", "id": the group\'s id in the target }', ["groupIds"]);
    groupIds = (d.groupIds as unknown[]).map((g, i): TargetGroupId => {
      const x = g as Record<string, unknown>;
      if (!x || typeof x.entitlement !== "string" || typeof x.id !== "string" || (x.renamedTo !== undefined && typeof x.renamedTo !== "string")) bad(`groupIds[${i}] needs entitlement and id (strings), and renamedTo only as a string; pull the state again (scopesync state pull)`, ["groupIds", i], idAsStringFix(x?.id));
      return { entitlement: x.entitlement as string, id: x.id as string, ...(typeof x.renamedTo === "string" ? { renamedTo: x.renamedTo } : {}) };
    });
  }
  // A readAt that is there must be a date: plans show the state's age from it and maxStateAge
  // checks it, so one that cannot be read is refused, never taken for "unknown" or NaN days.
  // Absent or "" (the file target writes back the "" of a store that had none) is unknown.
  if (d.readAt !== undefined && d.readAt !== "" && !(typeof d.readAt === "string" && isValidDate(d.readAt))) {
    const leap = typeof d.readAt === "string" ? leapSecond(d.readAt) : undefined;
    bad(`readAt ${JSON.stringify(d.readAt)} is not a date${leap ? `: ${leap.problem}` : ""}`, ["readAt"], leap ? leap.fix : "write readAt as an RFC 3339 date-time such as 2026-11-26T06:00:00Z, or pull the state again (scopesync state pull)");
  }
  // Entitlements the target said are privileged (a GitHub org role built on admin): refused when malformed, never dropped.
  if (d.privileged !== undefined && (!Array.isArray(d.privileged) || !d.privileged.every((e) => typeof e === "string"))) bad('privileged must be a list of entitlements (such as "org-role:release-admins")', ["privileged"]);
  const privileged = Array.isArray(d.privileged) ? { privileged: d.privileged as string[] } : {};
  const caseExact = caseExactOf(d, bad);
  const tenant = tenantOf(d, target, bad);
  return { formatVersion: 1, target, readAt: typeof d.readAt === "string" ? d.readAt : "", accounts, credentials, ...(groups ? { groups } : {}), ...(groupIds ? { groupIds } : {}), ...privileged, ...caseExact, ...(tenant ? { tenant } : {}) };
}

/**
 * Which attributes the app compares with case (TargetState.attributeCaseExact, a SCIM app's
 * /Schemas): refused when malformed, never dropped, since the plan's comparison turns on it.
 */
function caseExactOf(d: Record<string, unknown>, bad: StateShapeProblem): Pick<TargetState, "attributeCaseExact"> {
  const v = d.attributeCaseExact;
  if (v === undefined) return {};
  if (v === null || typeof v !== "object" || Array.isArray(v)) bad('attributeCaseExact must be an object of attribute names and true or false (such as { "title": true })', ["attributeCaseExact"]);
  for (const [name, exact] of Object.entries(v as Record<string, unknown>)) {
    if (typeof exact !== "boolean") bad(`attributeCaseExact.${name} must be true or false`, ["attributeCaseExact", name], "pull the state again (scopesync state pull), which writes what the app's /Schemas declares");
  }
  return { attributeCaseExact: v as Record<string, boolean> };
}

/**
 * What the file says it was read from (model/target-tenant.ts): `endpoint` and `tenantId`, which
 * `state pull` writes, and its `target` where that names another target. Refused when not text,
 * never dropped: the plan compares them with scopesync.yaml (plan/state-binding.ts).
 */
function tenantOf(d: Record<string, unknown>, target: string, bad: StateShapeProblem): TargetTenant | undefined {
  for (const key of ["endpoint", "tenantId", "target"] as const) {
    if (d[key] !== undefined && (typeof d[key] !== "string" || d[key] === "")) bad(`${key} must be a non-empty string`, [key], `pull the state again (scopesync state pull --target ${target}), which writes it`);
  }
  const tenant: TargetTenant = {
    ...(typeof d.endpoint === "string" ? { endpoint: d.endpoint } : {}),
    ...(typeof d.tenantId === "string" ? { id: d.tenantId } : {}),
    ...(typeof d.target === "string" && d.target !== target ? { pulledFor: d.target } : {}),
  };
  return Object.keys(tenant).length > 0 ? tenant : undefined;
}
