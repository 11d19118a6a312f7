import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ScopesyncError } from "../model/errors.js";
import type { TargetAccount, TargetState } from "./target-state.js";

/**
 * Reads a target state file (the `file` target's store, or a saved state of a live target).
 * A missing or malformed file is an error: a target read that fails is never "no accounts".
 */
export function readStateFile(repoDir: string, path: string, target: string): TargetState {
  let text: string;
  try {
    text = readFileSync(join(repoDir, path), "utf8");
  } catch (e) {
    throw new ScopesyncError(`target "${target}": cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, "check the path in scopesync.yaml; to start empty, create the file with {\"formatVersion\":1,\"accounts\":[],\"credentials\":[]}");
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ScopesyncError(`target "${target}": ${path} is not valid JSON: ${(e as Error).message}`, "restore the file from git or from a backup");
  }
  return checkState(data, path, target);
}

function checkState(data: unknown, path: string, target: string): TargetState {
  const bad = (what: string): never => {
    throw new ScopesyncError(`target "${target}": ${path}: ${what}`, "the state file holds { formatVersion: 1, accounts: [{ id, login, active, entitlements, attributes }], credentials: [] }");
  };
  if (!data || typeof data !== "object") bad("expected a JSON object");
  const d = data as Record<string, unknown>;
  if (d.formatVersion !== 1) bad(`formatVersion is ${JSON.stringify(d.formatVersion)}, expected 1`);
  if (!Array.isArray(d.accounts)) bad("accounts must be a list");
  const accounts = (d.accounts as unknown[]).map((a, i): TargetAccount => {
    const x = a as Record<string, unknown>;
    if (!x || typeof x.id !== "string" || typeof x.login !== "string" || typeof x.active !== "boolean") bad(`accounts[${i}] needs id (string), login (string) and active (boolean)`);
    if (x.entitlements !== undefined && !Array.isArray(x.entitlements)) bad(`accounts[${i}].entitlements must be a list`);
    return {
      id: x.id as string,
      login: x.login as string,
      ...(typeof x.externalId === "string" ? { externalId: x.externalId } : {}),
      active: x.active as boolean,
      attributes: (x.attributes as Record<string, string> | undefined) ?? {},
      entitlements: ((x.entitlements as string[] | undefined) ?? []).map(String),
      ...(typeof x.disabledAt === "string" ? { disabledAt: x.disabledAt } : {}),
    };
  });
  const ids = new Set<string>();
  for (const a of accounts) {
    if (ids.has(a.id)) bad(`account id "${a.id}" appears twice`);
    ids.add(a.id);
  }
  const credentials = Array.isArray(d.credentials) ? (d.credentials as TargetState["credentials"]) : [];
  return { formatVersion: 1, target, readAt: typeof d.readAt === "string" ? d.readAt : "", accounts, credentials };
}
