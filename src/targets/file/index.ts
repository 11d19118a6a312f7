import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createHash, randomUUID } from "node:crypto";
import { dirname, resolve } from "node:path";
import type { TargetConfig } from "../../model/documents.js";
import type { Change } from "../../model/change.js";
import type { ApplyOutcome, ConnectorContext, TargetConnector } from "../connector.js";
import { readStateFile } from "../state-file.js";
import { TargetError } from "../target-error.js";
import type { TargetAccount, TargetState } from "../../model/target-state.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";
import { fileError } from "../../model/file-failure.js";

/**
 * The `file` target: accounts and entitlements in one JSON file, the embedded default for demos
 * and local runs. Every change is written at once with write-then-rename, so a crash leaves either
 * the old file or the new one, never half of one; changes are applied one at a time. Two applies
 * of one file take turns through the apply lease (`<path>.lock`, see apply/target-leases.ts).
 */
export function createFileConnector(config: TargetConfig, ctx: ConnectorContext): TargetConnector {
  if (!config.path) throw new TargetError(ctx.name, "a file target needs `path:`", { hint: `set targets.${ctx.name}.path in scopesync.yaml` });
  const path: string = config.path;
  const clock = ctx.now ?? Date.now;
  let state: TargetState | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const load = (): TargetState => (state ??= readStateFile(ctx.repoDir, path, ctx.name));
  const save = (next: TargetState, at: string): void => {
    const abs = resolve(ctx.repoDir, path);
    mkdirSync(dirname(abs), { recursive: true });
    // The file is the app: as written now, it is the app's state as of now (a readAt left empty
    // made every later plan call the state "of unknown age").
    const sorted = { ...next, readAt: at, accounts: [...next.accounts].sort((a, b) => (a.login.toLowerCase() < b.login.toLowerCase() ? -1 : 1)) };
    // A temp name of its own: two writers (another apply, a `state pull`) never share one, so
    // neither can rename the other's half-written file into place.
    const temp = `${abs}.${randomUUID()}.tmp`;
    try {
      writeFileSync(temp, `${JSON.stringify(sorted, null, 2)}\n`);
      renameSync(temp, abs);
    } catch (e) {
      rmSync(temp, { force: true });
      // A full disk is named with the file (the change fails with it), not as a bare "EFBIG: write".
      throw fileError(e, `target "${ctx.name}": cannot write ${path}`, `${path} is as it was before`);
    }
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
    const account = findAccount(current, change, ctx.name, path);
    const at = new Date(clock()).toISOString();
    const done = (account: TargetAccount | undefined, changed: boolean): ApplyOutcome => {
      if (changed) save(current, at);
      return { status: changed ? "applied" : "unchanged", ...(account ? { account: account.id } : {}) };
    };
    switch (change.action) {
      case "create-account": {
        if (account) return done(account, false);
        const attrs = Object.fromEntries(Object.entries(change.attributes ?? {}).filter(([k, v]) => k !== "externalId" && k !== "login" && v.to !== null).map(([k, v]) => [k, v.to as string]));
        const created: TargetAccount = { id: accountId(change, current), login: change.attributes?.login?.to ?? change.login ?? change.identity, ...(change.anchor ? { externalId: change.anchor } : {}), active: true, attributes: attrs, entitlements: [] };
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

/**
 * The account a change acts on. A linked account is addressed by the target's id only: never
 * re-matched by anchor or name, which could land on another account. Without an id (a create, or
 * the changes after it in the same run) by anchor (externalId) under the change's login, then by
 * login, so that a re-run finds what a crashed run made. Two accounts with the anchor, or a login match marked for another
 * identity, are refused rather than guessed between.
 */
function findAccount(state: TargetState, change: Change, target: string, path: string): TargetAccount | undefined {
  if (change.account) return state.accounts.find((a) => a.id === change.account);
  const login = change.login?.toLowerCase();
  if (change.anchor) {
    // Under another login, an account with the anchor is the identity's earlier account, not this
    // one: an app that links by login (accounts.linkBy) plans a login change as a new account.
    const marked = state.accounts.filter((a) => a.externalId === change.anchor && (login === undefined || a.login.toLowerCase() === login));
    if (marked.length > 1) {
      throw new TargetError(target, `${marked.length} accounts in ${path} carry externalId "${change.anchor}" (${marked.map((a) => a.login).join(", ")})`, { hint: "remove the stray account; scopesync will not guess which one is the identity's" });
    }
    if (marked[0]) return marked[0];
  }
  if (login === undefined) return undefined;
  const byLogin = state.accounts.filter((a) => a.login.toLowerCase() === login);
  const other = byLogin.find((a) => a.externalId && a.externalId !== change.anchor);
  if (other) {
    throw new TargetError(target, `account "${other.login}" in ${path} is marked ${other.externalId}, not ${change.anchor ?? "this identity"}`, { hint: "the login belongs to another identity; fix the login or the account's externalId" });
  }
  if (byLogin.length > 1) throw new TargetError(target, `${byLogin.length} accounts in ${path} have the login "${change.login}"`, { hint: "remove the duplicate; scopesync will not guess which one is meant" });
  return byLogin[0];
}

/**
 * Deterministic ids: the same identity gets the same account id in every run. Where the id is
 * taken (the identity's account under an earlier login, which an app that links by login keeps
 * apart from the new one), the login is part of it too.
 */
function accountId(change: Change, state: TargetState): string {
  const id = (key: string) => `acct-${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
  const plain = id(change.anchor ?? change.identity);
  return state.accounts.some((a) => a.id === plain) ? id(`${change.anchor ?? change.identity}\u0000${change.login ?? ""}`) : plain;
}
