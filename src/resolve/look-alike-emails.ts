// E-mail addresses that read alike and are different addresses: a full-width "ｍｉｋａ@example.com"
// typed with a Japanese IME beside "mika@example.com", a dotless "ı" of a Turkish-locale
// lower-casing, a Cyrillic "а". Correlation compares addresses by emailKey (model/keys.ts), which
// merges only spellings of one address (case, an IDN domain's Unicode and punycode forms, invisible
// characters); these are not one address to a mail server, so merging them could join two people.
// Kept apart silently, though, one person becomes two (a leaver's other record plans a joiner), so
// each such pair is said, naming both records, for a reviewer to link or correct. An address with
// invisible characters (a zero-width space pasted into a cell) is compared without them and said
// too: the source holds an address no one can see is wrong.
import { domainToUnicode } from "node:url";
import type { Finding } from "../model/finding.js";
import { emailKey, invisibleCharacters, recordRef } from "../model/keys.js";
import { codePoints, loginSkeleton } from "../model/look-alike-logins.js";
import type { SourceRecord } from "../model/source-record.js";

const PLAIN = /^[\x00-\x7f]*$/;

interface Address {
  record: SourceRecord;
  /** The identity the record is part of. */
  id: string;
  email: string;
  key: string;
}

/**
 * Warnings for addresses of records that are not plain ASCII (or have a punycode domain): one for
 * each that has invisible characters, and one for each that reads like the address of a record of
 * another identity (equal skeletons, different keys). `identityOf[i]` is the identity of records[i].
 */
export function lookAlikeEmailFindings(records: readonly SourceRecord[], identityOf: readonly string[]): Finding[] {
  const unusual: Address[] = [];
  records.forEach((record, i) => {
    for (const email of record.emails) if (!PLAIN.test(email) || email.includes("xn--")) unusual.push({ record, id: identityOf[i]!, email, key: emailKey(email) });
  });
  if (unusual.length === 0) return [];
  const findings: Finding[] = [];
  const bySkeleton = new Map<string, Address[]>();
  for (const a of unusual) {
    const hidden = invisibleCharacters(a.email);
    if (hidden.length > 0) findings.push(invisibleFinding(a, hidden));
    const skeleton = emailSkeleton(a.key);
    const list = bySkeleton.get(skeleton);
    if (list) list.push(a);
    else bySkeleton.set(skeleton, [a]);
  }
  // Plain addresses are their own skeletons: only those some unusual address reads like are kept.
  records.forEach((record, i) => {
    for (const email of record.emails) {
      const key = emailKey(email);
      if (PLAIN.test(email) && !email.includes("xn--") && bySkeleton.has(key)) bySkeleton.get(key)!.push({ record, id: identityOf[i]!, email, key });
    }
  });
  const said = new Set<string>();
  for (const a of unusual) {
    const others = bySkeleton.get(emailSkeleton(a.key))!.filter((o) => o.id !== a.id && o.key !== a.key);
    const ref = recordRef(a.record.source, a.record.externalId);
    if (others.length === 0 || said.has(`${ref}\0${a.key}`)) continue;
    said.add(`${ref}\0${a.key}`);
    const named = [...new Set(others.map((o) => `"${o.email}" of ${recordRef(o.record.source, o.record.externalId)} (${o.id})`))].sort();
    findings.push({
      rule: "email-look-alike",
      severity: "warning",
      identity: a.id,
      message: `the e-mail address "${a.email}" (written ${codePoints(a.email)}) of ${ref} (${a.id}) reads like ${named.join("; ")}, but is a different address, so the records are not joined by it: if they are one person, they are two identities now (a leaver's other record stays active, or is planned as a joiner)`,
      remediation: `if they are one person, correct the address in ${a.record.source} or link the records in identities/links.yaml; if not, check with the source's owners that the address is not forged or mistyped`,
      location: `${a.record.source} ${a.record.position}`,
    });
  }
  return findings;
}

/** How an address reads: the login skeleton of its local part and of its domain in Unicode (pаypal.com). */
function emailSkeleton(key: string): string {
  const at = key.lastIndexOf("@");
  const domain = at < 0 ? "" : key.slice(at + 1);
  const unicode = domain.includes("xn--") ? domainToUnicode(domain) || domain : domain;
  return loginSkeleton(at < 0 ? key : `${key.slice(0, at + 1)}${unicode}`).toLowerCase();
}

function invisibleFinding(a: Address, hidden: readonly string[]): Finding {
  const ref = recordRef(a.record.source, a.record.externalId);
  return {
    rule: "email-look-alike",
    severity: "warning",
    identity: a.id,
    message: `the e-mail address "${codePoints(a.email)}" of ${ref} (${a.id}) has invisible characters (${hidden.map(codePoints).join(", ")}): it is compared with other addresses without them, and written to apps as the source spells it (lower-cased)`,
    remediation: `delete the invisible characters from the address in ${a.record.source}`,
    location: `${a.record.source} ${a.record.position}`,
  };
}
