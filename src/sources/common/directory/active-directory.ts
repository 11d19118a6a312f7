// Active Directory encodings: binary GUIDs and SIDs, FILETIME timestamps, userAccountControl flags.

/**
 * objectGUID bytes → canonical GUID string. The first three groups are stored little-endian,
 * which is why a naive hex dump does not match what AD tools and Entra (onPremisesImmutableId) show.
 */
export function guidFromBytes(bytes: Uint8Array): string | undefined {
  if (bytes.length !== 16) return undefined;
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = Array.from(bytes.slice(from, to));
    if (reverse) part.reverse();
    return part.map((b) => b.toString(16).padStart(2, "0")).join("");
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

/** objectSid bytes → "S-1-5-21-…" (revision, 48-bit big-endian authority, little-endian sub-authorities). */
export function sidFromBytes(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8) return undefined;
  const count = bytes[1]!;
  if (bytes.length !== 8 + count * 4) return undefined;
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + bytes[i]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(view.getUint32(8 + i * 4, true));
  return `S-${bytes[0]}-${authority}${subs.map((s) => `-${s}`).join("")}`;
}

const NEVER = new Set(["0", "9223372036854775807"]);
// 100-nanosecond intervals between 1601-01-01 (FILETIME epoch) and 1970-01-01.
const EPOCH_OFFSET = 116444736000000000n;

/**
 * accountExpires (a FILETIME) → ISO date-time; null for "never expires" (0 or the maximum value);
 * undefined when the value is not a FILETIME.
 */
export function accountExpiresToIso(value: string): string | null | undefined {
  const text = value.trim();
  if (!/^-?\d+$/.test(text)) return undefined;
  if (NEVER.has(text)) return null;
  const ticks = BigInt(text);
  if (ticks < 0n) return undefined;
  const millis = Number((ticks - EPOCH_OFFSET) / 10000n);
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * An accountExpires read as the leaving, for the ldif/ldap sources and a PowerShell CSV's
 * accountExpires column alike: its date (null: never expires) and whether it has passed at
 * `judgedAt` (ms, sources/common/judged-at.ts). AD refuses the account's logons from that date
 * with no further edit, and sets no ACCOUNTDISABLE, so a passed date is the status itself.
 * Undefined when the value is not a FILETIME.
 */
export function accountExpiry(value: string, judgedAt: number): { date: string | null; passed: boolean } | undefined {
  const date = accountExpiresToIso(value);
  if (date === undefined) return undefined;
  return { date, passed: date !== null && Date.parse(date) <= judgedAt };
}

/** userAccountControl ACCOUNTDISABLE flag. */
export const ACCOUNT_DISABLE = 0x2;

/**
 * userAccountControl bits of accounts that are machine credentials, never people (the bits of the
 * MS-DRSR page ACCOUNT_DISABLE comes from): ADS_UF_INTERDOMAIN_TRUST_ACCOUNT 0x800, the account a
 * trusting domain authenticates with, which AD keeps as a plain user object named
 * `<NetBIOS name>$` in the Users container (MS-ADTS 6.1.6.8, "MUST have the flag
 * ADS_UF_INTERDOMAIN_TRUST_ACCOUNT"); ADS_UF_WORKSTATION_TRUST_ACCOUNT 0x1000 and
 * ADS_UF_SERVER_TRUST_ACCOUNT 0x2000, a computer's and a domain controller's.
 */
export const TRUST_ACCOUNT_FLAGS = 0x800 | 0x1000 | 0x2000;

/**
 * sAMAccountType values of the same accounts: SAM_MACHINE_ACCOUNT 0x30000001 and SAM_TRUST_ACCOUNT
 * 0x30000002 (MS-ADA3 2.223 sAMAccountType; MS-ADTS 6.1.6.8.4: a domain trust account "MUST have
 * the value SAM_TRUST_ACCOUNT").
 */
export const TRUST_ACCOUNT_TYPES: ReadonlySet<string> = new Set([String(0x30000001), String(0x30000002)]);
