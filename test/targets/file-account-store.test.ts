// The file target's store writes what JSON.stringify(state, null, 2) would, byte for byte, while
// making again only the accounts that changed: held here to JSON.stringify itself over states with
// every top-level field a state file can have, in several orders, non-ASCII logins and attribute
// values (UTF-8), logins equal but for case, and changes that move an account in the order.
import { describe, expect, it } from "vitest";
import { AccountStore } from "../../src/targets/file/account-store.js";
import type { TargetAccount, TargetState } from "../../src/model/target-state.js";

const account = (id: string, login: string, extra: Partial<TargetAccount> = {}): TargetAccount => ({ id, login, externalId: `hr:${id}`, active: true, attributes: { displayName: `Name ${login}` }, entitlements: ["group:Staff"], ...extra });

/**
 * What the file target wrote before the store: the state sorted by login, case ignored, then
 * JSON.stringify; its `tenant` in the file's words, as state-file.ts reads them (endpoint, tenantId,
 * and the target it was pulled for as `target`).
 */
function reference(state: TargetState, accounts: readonly TargetAccount[], readAt: string): string {
  const file: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...state, readAt, accounts })) {
    if (key === "tenant") Object.assign(file, { endpoint: state.tenant?.endpoint, tenantId: state.tenant?.id });
    else file[key] = key === "target" ? (state.tenant?.pulledFor ?? value) : value;
  }
  return `${JSON.stringify(file, null, 2)}\n`;
}

describe("the file target's account store", () => {
  it("writes a state with every kind of top-level field as JSON.stringify does", () => {
    const accounts = [account("a3", "Zoë.Ångström", { attributes: { title: "Ingénieure \u2014 données", emoji: "\u{1F600}" } }), account("a1", "bob"), account("a2", "ALICE", { active: false, disabledAt: "2026-11-01T00:00:00Z" })];
    const state = { formatVersion: 1, target: "app", tenant: { endpoint: "https://api.github.com/orgs/acme", id: "1", pulledFor: "old-app" }, accounts, credentials: [{ id: "k1", account: "a1", type: "deploy-key", access: "write" }], groups: [{ entitlement: "team:platform", holds: ["team:platform"] }], readAt: "2026-11-30T00:00:00Z" } as unknown as TargetState;
    const store = new AccountStore(state);
    const sorted = [accounts[2]!, accounts[1]!, accounts[0]!];
    expect(store.bytes("2026-12-01T09:00:00.000Z").toString("utf8")).toBe(reference(state, sorted, "2026-12-01T09:00:00.000Z"));
  });

  it("puts readAt and accounts where a spread of the state would, when the file lacks them or has them first", () => {
    const noReadAt = { accounts: [account("a1", "bob")], formatVersion: 1, credentials: [] } as unknown as TargetState;
    expect(new AccountStore(noReadAt).bytes("2026-12-01T09:00:00Z").toString()).toBe(reference(noReadAt, noReadAt.accounts, "2026-12-01T09:00:00Z"));
    const empty = { formatVersion: 1, accounts: [], credentials: [] } as unknown as TargetState;
    expect(new AccountStore(empty).bytes("2026-12-01T09:00:00Z").toString()).toBe(reference(empty, [], "2026-12-01T09:00:00Z"));
  });

  it("keeps the order by login as accounts are added, renamed and removed, and logins equal but for case in the order they came", () => {
    const a = account("a1", "carol");
    const b = account("a2", "Carol");
    const c = account("a3", "erin");
    const state = { formatVersion: 1, accounts: [c, a, b], credentials: [{ id: "k1", account: "a3", type: "token" }] } as unknown as TargetState;
    const store = new AccountStore(state);
    const d = account("a4", "dave");
    store.add(d);
    const renamed = { ...c, login: "aaron" };
    store.replace(c, renamed);
    store.remove(a);
    store.setCredentials([]);
    const expected = reference({ ...state, credentials: [] } as TargetState, [renamed, b, d], "2026-12-01T09:00:00Z");
    expect(store.bytes("2026-12-01T09:00:00Z").toString()).toBe(expected);
    expect(store.withLogin("carol")).toEqual([b]);
    expect(store.withLogin("aaron")).toEqual([renamed]);
    expect(store.withLogin("erin")).toEqual([]);
    expect(store.byTargetId("a3")).toBe(renamed);
    expect(store.withExternalId("hr:a1")).toEqual([]);
  });

  // rv116: a change replaced the account after every login equal to its own but for case, where the
  // file target had always changed it in place: the bytes moved.
  it("keeps a changed account in its place among logins equal but for case, as the file had them", () => {
    const upper = account("a1", "Ann");
    const lower = account("a2", "ann");
    const state = { formatVersion: 1, accounts: [upper, lower], credentials: [] } as unknown as TargetState;
    const store = new AccountStore(state);
    const disabled = { ...upper, active: false, disabledAt: "2026-12-01T09:00:00Z" };
    store.replace(upper, disabled);
    expect(store.bytes("2026-12-01T09:00:00Z").toString()).toBe(reference(state, [disabled, lower], "2026-12-01T09:00:00Z"));
    // Renamed to a login that now sorts elsewhere: at that login's place, after its equals.
    const renamed = { ...lower, login: "ANN.B" };
    store.replace(lower, renamed);
    const joined = { ...disabled, login: "ann.b" };
    store.replace(disabled, joined);
    expect(store.bytes("2026-12-01T09:00:00Z").toString()).toBe(reference(state, [renamed, joined], "2026-12-01T09:00:00Z"));
    store.begin();
    store.replace(renamed, { ...renamed, entitlements: [] });
    store.rollback();
    expect(store.bytes("2026-12-01T09:00:00Z").toString()).toBe(reference(state, [renamed, joined], "2026-12-01T09:00:00Z"));
    expect(store.withLogin("ann.b")).toHaveLength(2);
  });

  it("rolls back every step since begin, to the bytes and lookups it had", () => {
    const a = account("a1", "carol");
    const b = account("a2", "dave");
    const state = { formatVersion: 1, accounts: [a, b], credentials: [{ id: "k1", account: "a1", type: "token" }] } as unknown as TargetState;
    const store = new AccountStore(state);
    const before = store.bytes("2026-12-01T09:00:00Z").toString();
    store.begin();
    store.add(account("a3", "bea"));
    store.replace(b, { ...b, login: "adam", entitlements: [] });
    store.remove(a);
    store.setCredentials([]);
    expect(store.bytes("2026-12-01T09:00:00Z").toString()).not.toBe(before);
    store.rollback();
    expect(store.bytes("2026-12-01T09:00:00Z").toString()).toBe(before);
    expect(store.byTargetId("a2")).toBe(b);
    expect(store.hasId("a3")).toBe(false);
    expect(store.withLogin("adam")).toEqual([]);
    expect(store.withExternalId("hr:a1")).toEqual([a]);
    expect(store.credentials).toHaveLength(1);
  });

  it("writes 2,000 accounts after 500 random changes as JSON.stringify of the same accounts sorted", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const names = ["ana", "Ana", "bo", "ÇAĞLA", "dmitri", "Émile", "fen", "zoë"];
    const live: TargetAccount[] = Array.from({ length: 2000 }, (_, i) => account(`a${i}`, `${names[random(names.length)]}${random(300)}`));
    const state = { formatVersion: 1, accounts: [...live], credentials: [] } as unknown as TargetState;
    const store = new AccountStore(state);
    for (let step = 0; step < 500; step++) {
      const pick = live[random(live.length)]!;
      const what = random(3);
      if (what === 0) {
        const next = { ...pick, login: `${names[random(names.length)]}${random(300)}` };
        store.replace(pick, next);
        live[live.indexOf(pick)] = next;
      } else if (what === 1) {
        store.remove(pick);
        live.splice(live.indexOf(pick), 1);
      } else {
        const added = account(`n${step}`, `${names[random(names.length)]}${random(300)}`);
        store.add(added);
        live.push(added);
      }
    }
    // The order a stable sort by lower-cased login gives, ties as they were inserted: checked by
    // the bytes only up to ties, so compare the logins' order and then each account's place.
    const text = store.bytes("2026-12-01T09:00:00Z").toString();
    const written = (JSON.parse(text) as { accounts: TargetAccount[] }).accounts;
    expect(written.map((a) => a.login.toLowerCase())).toEqual(live.map((a) => a.login.toLowerCase()).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(text).toBe(reference(state, written, "2026-12-01T09:00:00Z"));
    expect(new Set(written.map((a) => a.id))).toEqual(new Set(live.map((a) => a.id)));
  });
});
