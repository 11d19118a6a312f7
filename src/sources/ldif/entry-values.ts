// Reading attribute values of one LDIF entry as text, with errors at the entry's position.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { isSecretAttribute, type RawAttributes } from "../common/raw.js";
import { guidFromBytes, sidFromBytes } from "./active-directory.js";
import type { LdifEntry, LdifValue } from "./parse-ldif.js";

const strict = new TextDecoder("utf-8", { fatal: true });
// Binary attributes with a well-known text form: shown (and anchored) the way admins see them.
const GUID_ATTRIBUTES = new Set(["objectguid", "ms-ds-consistencyguid", "msexchmailboxguid"]);

export class EntryValues {
  readonly position: string;

  constructor(
    private readonly context: SourceContext,
    readonly entry: LdifEntry,
    shown: string,
  ) {
    this.position = `${shown} entry ${entry.index} (line ${entry.line})`;
  }

  has(name: string): boolean {
    return this.entry.attributes.has(name.toLowerCase());
  }

  /** All values of an attribute as text (binary GUID/SID attributes in their text form). */
  all(name: string): string[] {
    const attribute = this.entry.attributes.get(name.toLowerCase());
    if (!attribute) return [];
    return attribute.values.map((value) => this.text(attribute.name, value));
  }

  /** First value, trimmed; undefined when absent or empty. */
  first(name: string): string | undefined {
    const value = this.all(name)[0]?.trim();
    return value === "" ? undefined : value;
  }

  private text(name: string, value: LdifValue): string {
    if (typeof value === "string") return value;
    const key = name.toLowerCase();
    if (GUID_ATTRIBUTES.has(key)) {
      const guid = guidFromBytes(value);
      if (guid === undefined) throw this.fail(`${name} is ${value.length} bytes, a GUID has 16`);
      return guid;
    }
    if (key === "objectsid") {
      const sid = sidFromBytes(value);
      if (sid === undefined) throw this.fail(`${name} is not a valid SID`);
      return sid;
    }
    try {
      return strict.decode(value);
    } catch {
      // Binary data without a text form (certificates, photos) is kept as base64.
      return Buffer.from(value).toString("base64");
    }
  }

  /** Every attribute except secrets, single values as strings, multiple as lists. */
  raw(): RawAttributes {
    const raw: RawAttributes = { dn: this.entry.dn };
    for (const attribute of this.entry.attributes.values()) {
      if (isSecretAttribute(attribute.name)) continue;
      const values = this.all(attribute.name);
      raw[attribute.name] = values.length === 1 ? values[0]! : values;
    }
    return raw;
  }

  fail(what: string, hint?: string): SourceError {
    return new SourceError(this.context.name, `${this.position}: ${what}`, hint);
  }
}
