import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import type { TargetConfig } from "../../model/documents.js";
import type { Change } from "../../model/change.js";
import type { ApplyOutcome, ConnectorContext, TargetConnector } from "../connector.js";
import { readStateFile } from "../state-file.js";
import { TargetError } from "../target-error.js";
import type { TargetAccount, TargetState } from "../../model/target-state.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";

/**
 * The `file` target: accounts and entitlements in one JSON file, the embedded default for demos
 * and local runs. Every change is written at once with write-then-rename, so a crash leaves either
 * the old file or the new one, never half of one; changes are applied one at a time.
 */
export function createFileConnector(config: TargetConfig, ctx: ConnectorContext): TargetConnector {
  const path = config.path;
  if (!path) throw new TargetError(ctx.name, "a file target needs `path:`", { hint: `set targets.${ctx.name}.path in scopesync.yaml` });
  const clock = ctx.now ?? Date.now;
  let state: TargetState | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const load = (): TargetState => (state ??= readStateFile(ctx.repoDir, path, ctx.name));
  const save = (next: TargetState): void => {
    const abs = resolve(ctx.repoDir, path);
    mkdirSync(dirname(abs), { recursive: true });
    const sorted = { ...next, accounts: [...next.accounts].sort((a, b) => (a.login.toLowerCase() < b.login.toLowerCase() ? -1 : 1)) };
    writeFileSync(`${abs}.tmp`, `${JSON.stringify(sorted, null, 2)}\n`);
    renameSync(`${abs}.tmp`, abs);
    state = sorted;
  };

  return {
    type: "file",
    name: ctx.name,
    capabilities: TARGET_CAPABILITIES.file,
    async read() {
      state = undefined;
      return structuredClone(load());
    },
    apply(change) {
      // One change at a time, in arrival order: each is a read-modify-write of the whole file.
      const run = queue.then(() => applyOne(change));
      queue = run.catch(() => undefined);
      return run;
    },
  };

  function applyOne(change: Change): ApplyOutcome {
    const current = structuredClone(load());
    const account = findAccount(current, change);
    const at = new Date(clock()).toISOString();
    const done = (account: TargetAccount | undefined, changed: boolean): ApplyOutcome => {
      if (changed) save(current);
      return { status: changed ? "applied" : "unchanged", ...(account ? { account: account.id } : {}) };
    };
    switch (change.action) {
      case "create-account": {
        if (account) return done(account, false);
        const attrs = Object.fromEntries(Object.entries(change.attributes ?? {}).filter(([k, v]) => k !== "externalId" && k !== "login" && v.to !== null).map(([k, v]) => [k, v.to as string]));
        const created: TargetAccount = { id: accountId(change), login: change.attributes?.login?.to ?? change.login ?? change.identity, ...(change.anchor ? { externalId: change.anchor } : {}), active: true, attributes: attrs, entitlements: [] };
        current.accounts.push(created);
        return done(created, true);
      }
      case "update-account": {
        const a = need(account);
        let changed = false;
        for (const [k, v] of Object.entries(change.attributes ?? {})) {
          if (k === "login") { if (v.to && a.login !== v.to) { a.login = v.to; changed = true; } continue; }
          if (k === "externalId") { if (v.to && a.externalId !== v.to) { a.externalId = v.to; changed = true; } continue; }
          if (v.to === null) { if (k in a.attributes) { delete a.attributes[k]; changed = true; } }
          else if (a.attributes[k] !== v.to) { a.attributes[k] = v.to; changed = true; }
        }
        return done(a, changed);
      }
      case "disable-account": {
        const a = need(account);
        if (!a.active) return done(a, false);
        a.active = false;
        a.disabledAt = at;
        return done(a, true);
      }
      case "enable-account": {
        const a = need(account);
        if (a.active) return done(a, false);
        a.active = true;
        delete a.disabledAt;
        return done(a, true);
      }
      case "delete-account": {
        if (!account) return done(undefined, false);
        current.accounts = current.accounts.filter((x) => x !== account);
        current.credentials = current.credentials.filter((c) => c.account !== account.id);
        return done(account, true);
      }
      case "grant":
      case "revoke": {
        const a = need(account);
        const e = change.entitlement!;
        const has = a.entitlements.includes(e);
        if ((change.action === "grant") === has) return done(a, false);
        a.entitlements = change.action === "grant" ? [...a.entitlements, e].sort() : a.entitlements.filter((x) => x !== e);
        return done(a, true);
      }
      case "revoke-credential": {
        const before = current.credentials.length;
        current.credentials = current.credentials.filter((c) => c.id !== change.credential);
        return done(account, current.credentials.length !== before);
      }
    }
  }

  function need(account: TargetAccount | undefined): TargetAccount {
    if (!account) throw new TargetError(ctx.name, `no account for this change in ${path}`, { hint: "the account was removed outside scopesync; re-plan" });
    return account;
  }
}

/** By the target's id first, then by anchor (externalId), then by login: a re-run finds what a crashed run made. */
function findAccount(state: TargetState, change: Change): TargetAccount | undefined {
  return (
    (change.account ? state.accounts.find((a) => a.id === change.account) : undefined) ??
    (change.anchor ? state.accounts.find((a) => a.externalId === change.anchor) : undefined) ??
    (change.login ? state.accounts.find((a) => a.login.toLowerCase() === change.login!.toLowerCase()) : undefined)
  );
}

/** Deterministic ids: the same identity gets the same account id in every run. */
function accountId(change: Change): string {
  return `acct-${createHash("sha256").update(change.anchor ?? change.identity).digest("hex").slice(0, 12)}`;
}
