import type { TargetAccount, TargetCredential, TargetState } from "../../model/target-state.js";
import { prettyMember, prettyValue } from "./pretty-json.js";

const OPEN = Buffer.from("{\n");
const BETWEEN = Buffer.from(",\n");
const CLOSE = Buffer.from("\n}\n");
const ACCOUNTS_OPEN = Buffer.from(`  "accounts": [\n`);
const ACCOUNTS_CLOSE = Buffer.from("\n  ]");

/** The order the file keeps its accounts in: by login, case ignored; equal logins as they were. */
const orderKey = (a: TargetAccount): string => a.login.toLowerCase();

/**
 * A file target's state while changes are applied to it: the accounts in the file's order, looked
 * up by id, login and externalId without a scan, and its text made again only where an account
 * changed. Applying one change used to copy the whole state, sort it and write it out in full:
 * 410 s for 3,507 changes on four targets of a 20k-person organisation (rv115), most of it the
 * same unchanged accounts serialized again for each change.
 *
 * An account is never changed in place: a change replaces it with a new object (`replace`), so a
 * text made for an account object stays true for it. Every step since `begin` can be undone
 * (`rollback`), for a write that failed: the store is then the file on disk again.
 */
export class AccountStore {
  private readonly accounts: TargetAccount[];
  private readonly byId = new Map<string, TargetAccount>();
  private readonly byLogin = new Map<string, TargetAccount[]>();
  private readonly byAnchor = new Map<string, TargetAccount[]>();
  private credentialList: TargetCredential[];
  private undo: (() => void)[] = [];
  /** Each account's bytes as an item of the file's accounts list, and each other top-level member's. */
  private readonly texts = new WeakMap<object, Buffer>();

  /** `state`: as read (state-file.ts gives its fields in an order of its own, which the file is written in). */
  constructor(private readonly state: TargetState) {
    // Array.prototype.sort is stable: equal logins keep the file's order.
    this.accounts = [...state.accounts].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : orderKey(a) > orderKey(b) ? 1 : 0));
    for (const a of this.accounts) this.index(a);
    this.credentialList = state.credentials;
  }

  get credentials(): readonly TargetCredential[] {
    return this.credentialList;
  }

  byTargetId(id: string): TargetAccount | undefined {
    return this.byId.get(id);
  }

  /** Accounts whose login is this one, case ignored (`login` lower-cased). */
  withLogin(login: string): readonly TargetAccount[] {
    return this.byLogin.get(login) ?? [];
  }

  withExternalId(anchor: string): readonly TargetAccount[] {
    return this.byAnchor.get(anchor) ?? [];
  }

  hasId(id: string): boolean {
    return this.byId.has(id);
  }

  /** Starts a step that `rollback` undoes whole, or `commit` keeps. */
  begin(): void {
    this.undo = [];
  }

  commit(): void {
    this.undo = [];
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!();
    this.undo = [];
  }

  add(account: TargetAccount): void {
    const at = this.insert(account);
    this.undo.push(() => this.removeAt(at));
  }

  remove(account: TargetAccount): void {
    const at = this.positionOf(account);
    this.removeAt(at);
    this.undo.push(() => this.insertAt(at, account));
  }

  /**
   * `next` in the place of `account`: at the same position while its login sorts the same (among
   * logins equal but for case too, where the file's order is as it was), else at its new login's.
   */
  replace(account: TargetAccount, next: TargetAccount): void {
    if (orderKey(next) !== orderKey(account)) {
      this.remove(account);
      this.add(next);
      return;
    }
    const at = this.positionOf(account);
    this.swap(at, account, next);
    this.undo.push(() => this.swap(at, next, account));
  }

  setCredentials(next: TargetCredential[]): void {
    const before = this.credentialList;
    this.credentialList = next;
    this.undo.push(() => (this.credentialList = before));
  }

  /**
   * The file's bytes with `readAt`: byte for byte what `JSON.stringify(state, null, 2)` gives for
   * the state with its accounts in order (its `tenant` as the file's `endpoint` and `tenantId`), and a line break, in UTF-8 (test/targets/file-account-store.test.ts holds
   * it to that). As pieces, each account's made once and kept outside the heap: joining strings
   * and encoding the whole text again took most of each write.
   */
  bytes(readAt: string): Buffer {
    const pieces: Buffer[] = [OPEN];
    const keys = Object.keys(this.state);
    // As `{ ...state, readAt, accounts }` orders them: a key the file lacks comes last.
    for (const extra of ["readAt", "accounts"]) if (!keys.includes(extra)) keys.push(extra);
    const member = (key: string, value: unknown): void => {
      if (value === undefined) return;
      // Never empty: the accounts are always a member.
      if (pieces.length > 1) pieces.push(BETWEEN);
      if (key === "accounts") this.accountsPieces(pieces);
      else pieces.push(this.memberBytes(key, value));
    };
    const { tenant } = this.state;
    for (const key of keys) {
      // Where the file says it was read from, in the file's own words (state-file.ts tenantOf):
      // written as the state's `tenant`, the next read found none, and the plan no longer compared
      // it with scopesync.yaml; a file pulled for another target came back as this one's.
      if (key === "tenant") {
        member("endpoint", tenant?.endpoint);
        member("tenantId", tenant?.id);
      } else if (key === "target") member(key, tenant?.pulledFor ?? this.state.target);
      else member(key, key === "readAt" ? readAt : key === "credentials" ? this.credentialList : (this.state as unknown as Record<string, unknown>)[key]);
    }
    pieces.push(CLOSE);
    return Buffer.concat(pieces);
  }

  /** The accounts list as a member of the top-level object, piece by piece. */
  private accountsPieces(pieces: Buffer[]): void {
    if (this.accounts.length === 0) {
      pieces.push(Buffer.from(`  "accounts": []`));
      return;
    }
    pieces.push(ACCOUNTS_OPEN);
    for (let i = 0; i < this.accounts.length; i++) {
      const account = this.accounts[i]!;
      let bytes = this.texts.get(account);
      // An item of a list that is itself a member of the top-level object: two indents deep.
      if (bytes === undefined) this.texts.set(account, (bytes = Buffer.from(`    ${prettyValue(account).replaceAll("\n", "\n    ")}`)));
      if (i > 0) pieces.push(BETWEEN);
      pieces.push(bytes);
    }
    pieces.push(ACCOUNTS_CLOSE);
  }

  /** A top-level member other than the accounts; an object's kept while it is the same object. */
  private memberBytes(key: string, value: unknown): Buffer {
    if (value === null || typeof value !== "object") return Buffer.from(prettyMember(key, prettyValue(value)));
    let bytes = this.texts.get(value);
    if (bytes === undefined) this.texts.set(value, (bytes = Buffer.from(prettyMember(key, prettyValue(value)))));
    return bytes;
  }

  /** Where `account` is in the order: the first of its login's place, then by identity. */
  private positionOf(account: TargetAccount): number {
    const key = orderKey(account);
    for (let i = this.lowerBound(key); i < this.accounts.length; i++) if (this.accounts[i] === account) return i;
    throw new Error(`account ${account.id} is not in the store`);
  }

  /** The first position whose login sorts at or after `key`. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.accounts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (orderKey(this.accounts[mid]!) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** After the accounts of the same login, as a sort of the file with it appended would put it. */
  private insert(account: TargetAccount): number {
    const key = orderKey(account);
    let at = this.lowerBound(key);
    while (at < this.accounts.length && orderKey(this.accounts[at]!) === key) at++;
    this.insertAt(at, account);
    return at;
  }

  /** `next` where `account` is, in the order and the indexes. */
  private swap(at: number, account: TargetAccount, next: TargetAccount): void {
    this.unindex(account);
    this.accounts[at] = next;
    this.index(next);
  }

  private insertAt(at: number, account: TargetAccount): void {
    this.accounts.splice(at, 0, account);
    this.index(account);
  }

  private removeAt(at: number): void {
    const [account] = this.accounts.splice(at, 1);
    this.unindex(account!);
  }

  private unindex(account: TargetAccount): void {
    this.byId.delete(account.id);
    unlist(this.byLogin, orderKey(account), account);
    if (account.externalId !== undefined) unlist(this.byAnchor, account.externalId, account);
  }

  private index(account: TargetAccount): void {
    this.byId.set(account.id, account);
    list(this.byLogin, orderKey(account), account);
    if (account.externalId !== undefined) list(this.byAnchor, account.externalId, account);
  }
}

function list(map: Map<string, TargetAccount[]>, key: string, account: TargetAccount): void {
  const held = map.get(key);
  if (held) held.push(account);
  else map.set(key, [account]);
}

function unlist(map: Map<string, TargetAccount[]>, key: string, account: TargetAccount): void {
  const held = map.get(key);
  if (!held) return;
  const rest = held.filter((a) => a !== account);
  if (rest.length === 0) map.delete(key);
  else map.set(key, rest);
}
