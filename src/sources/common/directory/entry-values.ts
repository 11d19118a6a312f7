// Reading attribute values of one directory entry (an LDIF entry or a live LDAP search result) as
// text, with errors at the entry's position. Both LDAP-shaped sources go through this class, so
// that the same entry reads the same whether it came from a file or from the server.
import { SourceError } from "../../../model/errors.js";
import type { SourceContext } from "../../source.js";
import { isSecretAttribute, type RawAttributes } from "../raw.js";
import { guidFromBytes, sidFromBytes } from "./active-directory.js";
import { describeBytes, isDnAttribute, NOT_UTF8_FIX, REPLACEMENT_FIX, REPLACEMENT_WHY, replacementIn, utf8Text } from "./directory-text.js";
import { quote } from "../text.js";

/** A text value, or bytes (base64 in LDIF, a non-UTF-8 value from the server). */
export type DirectoryValue = string | Uint8Array;

export interface DirectoryAttribute {
  /** Name as the export or server spelled it (options such as ";binary" removed). */
  name: string;
  values: DirectoryValue[];
  /** LDIF only: the line of each value, for errors that point at it. */
  lines?: number[];
}

/** One entry as either source reads it: its DN and its attributes keyed by lower-cased name. */
export interface DirectoryEntry {
  dn: string;
  attributes: Map<string, DirectoryAttribute>;
}

// Binary attributes with a well-known text form: shown (and anchored) the way admins see them.
export const GUID_ATTRIBUTES = ["objectGUID", "mS-DS-ConsistencyGuid", "msExchMailboxGuid"];
const GUID_KEYS = new Set(GUID_ATTRIBUTES.map((name) => name.toLowerCase()));
// Photos, certificates and other binary blobs: no rule or plan reads them, and in a snapshot
// committed to git they would be personal data (a face) and bulk. Never kept, documented in
// docs/formats.md. Any other attribute whose value is not UTF-8 text is left out of raw the same
// way; one a record field reads stops the run instead (all()).
export const BINARY_ATTRIBUTES = [
  "jpegPhoto", "photo", "thumbnailPhoto", "thumbnailLogo", "audio", "userCertificate", "userSMIMECertificate",
  "userPKCS12", "cACertificate", "certificateRevocationList", "authorityRevocationList", "crossCertificatePair",
  "deltaRevocationList", "mSMQSignCertificates", "mSMQDigests", "nTSecurityDescriptor", "logonHours",
  "msExchSafeSendersHash", "msExchBlockedSendersHash", "msExchSafeRecipientsHash", "userParameters",
];
const BINARY_KEYS = new Set(BINARY_ATTRIBUTES.map((name) => name.toLowerCase()));

/** True for attributes that are never kept in `raw` (binary data, see BINARY_ATTRIBUTES). */
export function isBinaryAttribute(name: string): boolean {
  return BINARY_KEYS.has(name.toLowerCase());
}

export class EntryValues {
  constructor(
    private readonly context: SourceContext,
    readonly entry: DirectoryEntry,
    /** "corp.ldif entry 3 (line 20)", or the DN for a live read. */
    readonly position: string,
  ) {}

  /** The entry's DN; one with U+FFFD stops the run (directory-text.ts). */
  get dn(): string {
    const dn = this.entry.dn;
    const lost = replacementIn(dn);
    if (lost !== undefined) throw this.fail(`the entry's DN ${quote(dn)} holds ${lost}: ${REPLACEMENT_WHY}`, REPLACEMENT_FIX);
    return dn;
  }

  has(name: string): boolean {
    return this.entry.attributes.has(name.toLowerCase());
  }

  /**
   * All values of an attribute as text (binary GUID/SID attributes in their text form). A value
   * that is not UTF-8 stops the run: read as its base64 text it became a login nobody has (`5xnl`
   * for Latin-1 "åse"), and a disabled status word that no configured value matches read as active.
   */
  all(name: string): string[] {
    const attribute = this.entry.attributes.get(name.toLowerCase());
    if (!attribute) return [];
    const dns = isDnAttribute(attribute.name);
    return attribute.values.map((value, i) => {
      const text = this.text(attribute.name, value);
      const line = attribute.lines?.[i];
      const where = `${attribute.name}${line === undefined ? "" : ` (line ${line})`}`;
      if (text === undefined) throw this.fail(`${where} is not UTF-8 text: ${describeBytes(attribute.name, value as Uint8Array)}`, NOT_UTF8_FIX);
      const lost = dns ? replacementIn(text) : undefined;
      if (lost !== undefined) throw this.fail(`${where} names the DN ${quote(text)}, which holds ${lost}: ${REPLACEMENT_WHY}`, REPLACEMENT_FIX);
      return text;
    });
  }

  /**
   * The anchor: an opaque key compared for equality, never shown as a name, so an attribute of
   * binary syntax (options.anchor naming an octet string such as eDirectory's GUID) stays usable
   * as its base64 text, the same from a file and from the server.
   */
  anchor(name: string): string | undefined {
    const attribute = this.entry.attributes.get(name.toLowerCase());
    const value = attribute?.values[0];
    if (!attribute || value === undefined) return undefined;
    const text = (this.text(attribute.name, value) ?? Buffer.from(value).toString("base64")).trim();
    return text === "" ? undefined : text;
  }

  /** First value, trimmed; undefined when absent or empty. */
  first(name: string): string | undefined {
    const value = this.all(name)[0]?.trim();
    return value === "" ? undefined : value;
  }

  /** Every non-empty value, trimmed, each once, in the order the directory gave them. */
  list(name: string): string[] {
    const seen = new Set<string>();
    for (const value of this.all(name)) {
      const text = value.trim();
      if (text !== "") seen.add(text);
    }
    return [...seen];
  }

  /** The text of a value; undefined for bytes that are not text. */
  private text(name: string, value: DirectoryValue): string | undefined {
    if (typeof value === "string") return value;
    const key = name.toLowerCase();
    if (GUID_KEYS.has(key)) {
      const guid = guidFromBytes(value);
      if (guid === undefined) throw this.fail(`${name} is ${value.length} bytes, a GUID has 16`);
      return guid;
    }
    if (key === "objectsid") {
      const sid = sidFromBytes(value);
      if (sid === undefined) throw this.fail(`${name} is not a valid SID`);
      return sid;
    }
    return utf8Text(value);
  }

  /**
   * Every attribute except secrets and binary data, single values as strings, multiple as lists,
   * sorted by name so that a file and a server that list attributes in another order agree.
   */
  raw(): RawAttributes {
    const raw: RawAttributes = { dn: this.entry.dn };
    const attributes = [...this.entry.attributes.values()].sort((a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()));
    for (const attribute of attributes) {
      if (isSecretAttribute(attribute.name) || isBinaryAttribute(attribute.name)) continue;
      const values: string[] = [];
      for (const value of attribute.values) {
        const text = this.text(attribute.name, value);
        if (text !== undefined) values.push(text);
      }
      if (values.length !== attribute.values.length) continue;
      raw[attribute.name] = values.length === 1 ? values[0]! : values;
    }
    return raw;
  }

  fail(what: string, hint?: string): SourceError {
    return new SourceError(this.context.name, `${this.position}: ${what}`, hint);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
