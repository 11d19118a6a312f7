import { plainAccount } from "../model/account-fields.js";
import type { TargetAccount, TargetState } from "../model/target-state.js";

// A target state in a form one thread can hand another for almost nothing: every account's
// strings laid end to end in one text (sent as bytes, which move between threads without a copy)
// and its fields as numbers into that text. The thread that reads and parses a state file makes
// it (state-worker.ts); the planning thread makes the accounts again from it (stateFromColumns),
// cutting their strings out of the one text instead of parsing JSON: at a million people that
// took 7 s of the planning thread where reading and parsing the files took 41 s.

/** A target state as columns; everything but the accounts is as readStateFile gave it. */
export interface StateColumns {
  /**
   * The state as readStateFile gave it, its accounts list empty (they are the columns below).
   * Whole, not field by field: the fields a state file gained after the columns were made
   * (groupIds, privileged) were left out of a list of them, and every plan the CLI made lost them.
   */
  state: TargetState;
  accounts: number;
  /** Every account string, end to end, encoded as `encoding`: Latin-1 when every character fits a byte. */
  text: ArrayBuffer;
  encoding: "latin1" | "utf16le";
  /** Account k's fields are fields[starts[k]] up to fields[starts[k + 1]] (laid out as AT says). */
  starts: Int32Array;
  fields: Int32Array;
  /** The distinct entitlement lists, attribute-name lists and shared attribute values the fields point to. */
  lists: string[][];
  shapes: string[][];
  values: string[];
  /**
   * Accounts the layout cannot hold (an attribute value that is not a string, attributes that are
   * not an object), by position, as they are: the structured clone that carries them between
   * threads keeps what JSON would not (Infinity from 1e999, -0).
   */
  irregular: [number, TargetAccount][];
}

// Account k's fields, in order: id, login, externalId and disabledAt as a pair (start, end) of
// positions in the text, (-1, -1) when absent; active (1 or 0); its entitlement list; its
// attribute names (a shape); then each attribute's value as a pair, or (-2 - v, 0) for values[v].
// An irregular account has the single field -1 (it is in StateColumns.irregular).
// AT: where each of those starts. A field TargetAccount gains has no place in the layout until it
// is given one there: tsc refuses AT without it, where the columns would drop it from every account.
const AT = { id: 0, login: 2, externalId: 4, disabledAt: 6, active: 8, entitlements: 9, attributes: 10 } as const satisfies Record<keyof TargetAccount, number>;
const ABSENT = -1;
const IRREGULAR = -1;
/** Past this many distinct values an attribute's values are taken as unique (email, displayName) and kept in the text. */
const MAX_SHARED_VALUES = 1000;

/** The columns of a state readStateFile made (its lists already shared, its accounts checked). */
export function columnsOf(state: TargetState): StateColumns {
  const builder = new ColumnsBuilder();
  for (const account of state.accounts) builder.add(account);
  return builder.finish(state);
}

/**
 * Columns made one account at a time, from accounts checked as readStateFile checks them (so
 * that equal entitlement lists are one list): what the worker does with a state file's accounts
 * as it parses them one by one (state-stream.ts), none of them kept.
 */
export class ColumnsBuilder {
  /** The text so far, as `encoding`, and its length in characters (UTF-16 code units). */
  private bytes = Buffer.allocUnsafe(1 << 16);
  private encoding: "latin1" | "utf16le" = "latin1";
  private length = 0;
  private fields = new Int32Array(1024);
  private used = 0;
  private starts = new Int32Array(1024);
  private accounts = 0;
  // An entitlement list is found by identity: accounts with the same entitlements hold one list.
  private readonly lists = new Map<readonly string[], number>();
  private readonly listsOut: string[][] = [];
  private readonly shapes = new Map<string, number>();
  private readonly shapesOut: string[][] = [];
  private readonly shared = new Map<string, Map<string, number> | null>();
  private readonly values: string[] = [];
  private readonly irregular: [number, TargetAccount][] = [];

  add(a: TargetAccount): void {
    if (this.accounts === this.starts.length) this.starts = grown(this.starts);
    this.starts[this.accounts++] = this.used;
    if (!regular(a)) {
      this.push(IRREGULAR);
      this.irregular.push([this.accounts - 1, a]);
      return;
    }
    this.text(a.id);
    this.text(a.login);
    this.text(a.externalId);
    this.text(a.disabledAt);
    this.push(a.active ? 1 : 0);
    let list = this.lists.get(a.entitlements);
    if (list === undefined) {
      list = this.listsOut.length;
      this.lists.set(a.entitlements, list);
      this.listsOut.push([...a.entitlements]);
    }
    this.push(list);
    // Each name with its length in front, so that no two lists of names give one key ("a\nb" is one name).
    let key = "";
    for (const name in a.attributes) key += `${name.length}:${name}`;
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      shape = this.shapesOut.length;
      this.shapes.set(key, shape);
      this.shapesOut.push(Object.keys(a.attributes));
    }
    this.push(shape);
    for (const name in a.attributes) this.attribute(name, a.attributes[name]!);
  }

  /** The columns, with the state's other parts (`state`'s own accounts are not looked at: they are the ones added). */
  finish(state: TargetState): StateColumns {
    const size = this.length * (this.encoding === "latin1" ? 1 : 2);
    // The text goes to the other thread as an ArrayBuffer of its own, exactly its size.
    const text = new ArrayBuffer(size);
    this.bytes.copy(new Uint8Array(text), 0, 0, size);
    const starts = new Int32Array(this.accounts + 1);
    starts.set(this.starts.subarray(0, this.accounts));
    starts[this.accounts] = this.used;
    return {
      // The accounts key stays where it was, so that the state comes back with its fields in readStateFile's order.
      state: { ...state, accounts: [] },
      accounts: this.accounts,
      text,
      encoding: this.encoding,
      starts,
      fields: this.fields.slice(0, this.used),
      lists: this.listsOut,
      shapes: this.shapesOut,
      values: this.values,
      irregular: this.irregular,
    };
  }

  /** An attribute's value: shared while the attribute has shown at most MAX_SHARED_VALUES values, else in the text. */
  private attribute(name: string, value: string): void {
    let table = this.shared.get(name);
    if (table === undefined) this.shared.set(name, (table = new Map()));
    if (table !== null) {
      let v = table.get(value);
      if (v === undefined && table.size < MAX_SHARED_VALUES) {
        v = this.values.length;
        table.set(value, v);
        this.values.push(value);
      }
      if (v !== undefined) {
        this.push(-2 - v);
        this.push(0);
        return;
      }
      this.shared.set(name, null);
    }
    this.text(value);
  }

  private push(n: number): void {
    if (this.used === this.fields.length) this.fields = grown(this.fields);
    this.fields[this.used++] = n;
  }

  private text(s: string | undefined): void {
    if (s === undefined) {
      this.push(ABSENT);
      this.push(ABSENT);
      return;
    }
    this.push(this.length);
    // Latin-1 while every character fits a byte (half the bytes); from the first that does not
    // (a name in another script, even a lone surrogate), UTF-16 code units, which hold any string.
    if (this.encoding === "latin1" && NOT_LATIN1.test(s)) this.widen();
    const width = this.encoding === "latin1" ? 1 : 2;
    const at = this.length * width;
    this.room(at + s.length * width);
    this.bytes.write(s, at, this.encoding);
    this.length += s.length;
    this.push(this.length);
  }

  /** The text so far written again as UTF-16 code units. */
  private widen(): void {
    const wide = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, 1 << 16));
    for (let k = 0; k < this.length; k++) wide.writeUInt16LE(this.bytes[k]!, 2 * k);
    this.bytes = wide;
    this.encoding = "utf16le";
  }

  private room(size: number): void {
    if (size <= this.bytes.length) return;
    const more = Buffer.allocUnsafe(Math.max(size, this.bytes.length * 2));
    this.bytes.copy(more, 0, 0, this.length * (this.encoding === "latin1" ? 1 : 2));
    this.bytes = more;
  }
}

const NOT_LATIN1 = /[^\x00-\xff]/;

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Can the layout hold this account: are its attributes an object of strings? Its fields are in
 * TargetAccount's order already: readStateFile's checks (accountChecker) keep an account as parsed
 * only in that order, and build any other in it.
 */
function regular(a: TargetAccount): boolean {
  if (typeof a.attributes !== "object" || a.attributes === null || Array.isArray(a.attributes)) return false;
  // "__proto__" is an own property of what JSON.parse made, but assigning it to a new object sets the prototype.
  for (const name in a.attributes) if (typeof a.attributes[name] !== "string" || name === "__proto__") return false;
  return true;
}

/**
 * The TargetState the columns were made from: the same accounts, fields in the same order, equal
 * lists shared and frozen. Each account is a view into the columns (ColumnAccount) that makes a
 * field's string when it is read: a planning thread that held a million parsed accounts (an
 * object, its attributes and half a dozen strings each) spent more time having V8's collector
 * copy them than diffing them.
 */
export function stateFromColumns(c: StateColumns): TargetState {
  const columns: Columns = { text: Buffer.from(c.text).toString(c.encoding), fields: c.fields, lists: c.lists.map((l) => Object.freeze(l)), shapes: c.shapes, values: c.values };
  const irregular = new Map(c.irregular);
  const accounts = new Array<TargetAccount>(c.accounts);
  for (let k = 0; k < c.accounts; k++) {
    const p = c.starts[k]!;
    if (c.fields[p] !== IRREGULAR) {
      accounts[k] = new ColumnAccount(columns, p);
      continue;
    }
    const account = irregular.get(k)!;
    account.entitlements = Object.freeze(account.entitlements);
    accounts[k] = account;
  }
  return { ...c.state, accounts };
}

/** What the accounts of one state share: the text their strings are cut from, and the tables their fields point to. */
interface Columns {
  text: string;
  fields: Int32Array;
  lists: readonly (readonly string[])[];
  shapes: readonly string[][];
  values: readonly string[];
}

/**
 * One account of a state read as columns: a TargetAccount whose fields are read from the columns
 * when asked for. Read-only (the planner never changes an account); each read of `attributes`
 * makes a new object, and JSON.stringify writes the account as readStateFile would have made it.
 */
class ColumnAccount implements TargetAccount {
  readonly #c: Columns;
  /** Where its fields start in c.fields. */
  readonly #p: number;

  constructor(c: Columns, p: number) {
    this.#c = c;
    this.#p = p;
  }

  get id(): string {
    return this.#cut(this.#p + AT.id);
  }

  get login(): string {
    return this.#cut(this.#p + AT.login);
  }

  get externalId(): string | undefined {
    return this.#c.fields[this.#p + AT.externalId] === ABSENT ? undefined : this.#cut(this.#p + AT.externalId);
  }

  get disabledAt(): string | undefined {
    return this.#c.fields[this.#p + AT.disabledAt] === ABSENT ? undefined : this.#cut(this.#p + AT.disabledAt);
  }

  get active(): boolean {
    return this.#c.fields[this.#p + AT.active] === 1;
  }

  get entitlements(): readonly string[] {
    return this.#c.lists[this.#c.fields[this.#p + AT.entitlements]!]!;
  }

  get attributes(): Record<string, string> {
    const { fields, shapes, values } = this.#c;
    const names = shapes[fields[this.#p + AT.attributes]!]!;
    const attributes: Record<string, string> = {};
    for (let j = 0, q = this.#p + AT.attributes + 1; j < names.length; j++, q += 2) attributes[names[j]!] = fields[q]! <= -2 ? values[-2 - fields[q]!]! : this.#cut(q);
    return attributes;
  }

  /** The account as a plain object, its fields in TargetAccount's order. */
  toJSON(): TargetAccount {
    return plainAccount(this);
  }

  #cut(q: number): string {
    return this.#c.text.slice(this.#c.fields[q], this.#c.fields[q + 1]);
  }
}
