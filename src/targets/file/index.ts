import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createHash, randomUUID } from "node:crypto";
import { dirname, resolve } from "node:path";
import type { TargetConfig } from "../../model/documents.js";
import type { Change } from "../../model/change.js";
import type { ApplyOutcome, ConnectorContext, TargetConnector } from "../connector.js";
import { readStateFile } from "../state-file.js";
import { TargetError } from "../target-error.js";
import type { TargetAccount } from "../../model/target-state.js";
import { AccountStore } from "./account-store.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";
import { fileError } from "../../model/file-failure.js";

/** A change waiting for the next write, and how to answer its caller. */
interface Pending {
  change: Change;
  resolve: (outcome: ApplyOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * The `file` target: accounts and entitlements in one JSON file, the embedded default for demos
 * and local runs. Changes are written with write-then-rename, so a crash leaves either the old
 * file or the new one, never half of one, and a change is answered only once the file that holds
 * it is in place: the journal's `done` is on disk. The changes that arrive together (one from
 * each identity the apply works on at once) go into one write, which holds all of them or, when
 * it fails, none, and each then fails with it. Two applies of one file take turns through the
 * apply lease (`<path>.lock`, see apply/target-leases.ts).
 */
export function createFileConnector(config: TargetConfig, ctx: ConnectorContext): TargetConnector {
  if (!config.path) throw new TargetError(ctx.name, "a file target needs `path:`", { hint: `set targets.${ctx.name}.path in scopesync.yaml` });
  const path: string = config.path;
  const clock = ctx.now ?? Date.now;
  // Read again at the first change, not kept from the plan's read: planning holds its own copy,
  // and the file as the lease found it is what the changes go into.
  let store: AccountStore | undefined;
  let pending: Pending[] = [];

  const save = (into: AccountStore, at: string): void => {
    const abs = resolve(ctx.repoDir, path);
    mkdirSync(dirname(abs), { recursive: true });
    // A temp name of its own: two writers (another apply, a `state pull`) never share one, so
    // neither can rename the other's half-written file into place.
    const temp = `${abs}.${randomUUID()}.tmp`;
    try {
      // The file is the app: as written now, it is the app's state as of now (a readAt left empty
      // made every later plan call the state "of unknown age").
      writeFileSync(temp, into.bytes(at));
      renameSync(temp, abs);
    } catch (e) {
      rmSync(temp, { force: true });
      // A full disk is named with the file (the change fails with it), not as a bare "EFBIG: write".
      throw fileError(e, `target "${ctx.name}": cannot write ${path}`, `${path} is as it was before`);
    }
  };

  /** Applies what arrived since the last write, and writes once. Synchronous: no two overlap. */
  const flush = (): void => {
    const batch = pending;
    pending = [];
    let into: AccountStore;
    try {
      into = store ??= new AccountStore(readStateFile(ctx.repoDir, path, ctx.name));
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    const at = new Date(clock()).toISOString();
    const answered: Array<{ p: Pending; outcome: ApplyOutcome }> = [];
    let changed = false;
    into.begin();
    for (const p of batch) {
      try {
        const outcome = applyOne(into, p.change, at);
        changed ||= outcome.status === "applied";
        answered.push({ p, outcome });
      } catch (e) {
        // Refused before it changed anything: the others in the write go on.
        p.reject(e);
      }
    }
    if (changed) {
      try {
        save(into, at);
      } catch (e) {
        into.rollback();
        for (const { p } of answered) p.reject(e);
        return;
      }
    }
    into.commit();
    for (const { p, outcome } of answered) p.resolve(outcome);
  };

  return {
    type: "file",
    name: ctx.name,
    capabilities: TARGET_CAPABILITIES.file,
    async read() {
      store = undefined;
      return readStateFile(ctx.repoDir, path, ctx.name);
    },
    apply(change) {
      return new Promise<ApplyOutcome>((resolve, reject) => {
        pending.push({ change, resolve, reject });
        // After the changes sent in the same turn have arrived, in arrival order.
        if (pending.length === 1) setImmediate(flush);
      });
    },
  };

  function applyOne(into: AccountStore, change: Change, at: string): ApplyOutcome {
    const account = findAccount(into, change, ctx.name, path);
    const outcome = (account: TargetAccount | undefined, changed: boolean): ApplyOutcome => ({ status: changed ? "applied" : "unchanged", ...(account ? { account: account.id } : {}) });
    /** The account as changed: a new object in its place (the store never changes one in place). */
    const replaced = (a: TargetAccount, next: TargetAccount): ApplyOutcome => {
      into.replace(a, next);
      return outcome(next, true);
    };
    switch (change.action) {
      case "create-account": {
        if (account) return outcome(account, false);
        const attrs = Object.fromEntries(Object.entries(change.attributes ?? {}).filter(([k, v]) => k !== "externalId" && k !== "login" && v.to !== null).map(([k, v]) => [k, v.to as string]));
        const created: TargetAccount = { id: accountId(change, into), login: change.attributes?.login?.to ?? change.login ?? change.identity, ...(change.anchor ? { externalId: change.anchor } : {}), active: true, attributes: attrs, entitlements: [] };
        into.add(created);
        return outcome(created, true);
      }
      case "update-account": {
        const a = need(account);
        const next: TargetAccount = { ...a, attributes: { ...a.attributes } };
        let changed = false;
        for (const [k, v] of Object.entries(change.attributes ?? {})) {
          if (k === "login") { if (v.to && next.login !== v.to) { next.login = v.to; changed = true; } continue; }
          if (k === "externalId") { if (v.to && next.externalId !== v.to) { next.externalId = v.to; changed = true; } continue; }
          if (v.to === null) { if (k in next.attributes) { delete next.attributes[k]; changed = true; } }
          else if (next.attributes[k] !== v.to) { next.attributes[k] = v.to; changed = true; }
        }
        return changed ? replaced(a, next) : outcome(a, false);
      }
      case "disable-account": {
        const a = need(account);
        return a.active ? replaced(a, { ...a, active: false, disabledAt: at }) : outcome(a, false);
      }
      case "enable-account": {
        const a = need(account);
        if (a.active) return outcome(a, false);
        const { disabledAt: _gone, ...rest } = a;
        return replaced(a, { ...rest, active: true });
      }
      case "delete-account": {
        if (!account) return outcome(undefined, false);
        into.remove(account);
        const kept = into.credentials.filter((c) => c.account !== account.id);
        if (kept.length !== into.credentials.length) into.setCredentials(kept);
        return outcome(account, true);
      }
      case "grant":
      case "revoke": {
        const a = need(account);
        const e = change.entitlement!;
        if ((change.action === "grant") === a.entitlements.includes(e)) return outcome(a, false);
        return replaced(a, { ...a, entitlements: change.action === "grant" ? [...a.entitlements, e].sort() : a.entitlements.filter((x) => x !== e) });
      }
      case "revoke-credential": {
        const kept = into.credentials.filter((c) => c.id !== change.credential);
        const changed = kept.length !== into.credentials.length;
        if (changed) into.setCredentials(kept);
        return outcome(account, changed);
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
function findAccount(store: AccountStore, change: Change, target: string, path: string): TargetAccount | undefined {
  if (change.account) return store.byTargetId(change.account);
  const login = change.login?.toLowerCase();
  if (change.anchor) {
    // Under another login, an account with the anchor is the identity's earlier account, not this
    // one: an app that links by login (accounts.linkBy) plans a login change as a new account.
    const marked = store.withExternalId(change.anchor).filter((a) => login === undefined || a.login.toLowerCase() === login);
    if (marked.length > 1) {
      throw new TargetError(target, `${marked.length} accounts in ${path} carry externalId "${change.anchor}" (${marked.map((a) => a.login).join(", ")})`, { hint: "remove the stray account; scopesync will not guess which one is the identity's" });
    }
    if (marked[0]) return marked[0];
  }
  if (login === undefined) return undefined;
  const byLogin = store.withLogin(login);
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
function accountId(change: Change, store: AccountStore): string {
  const id = (key: string) => `acct-${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
  const plain = id(change.anchor ?? change.identity);
  return store.hasId(plain) ? id(`${change.anchor ?? change.identity}\u0000${change.login ?? ""}`) : plain;
}
