// What two records' e-mail addresses say about whether they are one person, for the
// correlation-conflict guard (id-conflict.ts). A shared address settles it (it routes to one
// mailbox). Short of that, a shared local part on two domains is one person's address pattern in
// two companies (bob.smith@acme and bob.smith@globex), and a shared domain is one mail system,
// where a renamed person's new address sits beside the old one (jane.smith@ and jane.doe@acme).
import { emailKey } from "../model/keys.js";

export interface EmailAgreement {
  /** An address in common. */
  address: boolean;
  /** A local part in common (before "@", without a "+tag"), on whatever domains. */
  localPart: boolean;
  /** A domain in common. */
  domain: boolean;
}

/** How a's and b's addresses agree, or undefined when either has none (nothing to compare). */
export function emailAgreement(a: readonly string[], b: readonly string[]): EmailAgreement | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  // A record has an address or two, and every employeeId match of 100k+ records comes through
  // here: a shared address, the usual case, returns before anything is split.
  for (const x of a) {
    const mine = emailKey(x);
    for (const y of b) if (emailKey(y) === mine) return { address: true, localPart: true, domain: true };
  }
  const out: EmailAgreement = { address: false, localPart: false, domain: false };
  for (const x of a) {
    const [localX, domainX] = split(x);
    for (const y of b) {
      const [localY, domainY] = split(y);
      if (localX !== "" && localX === localY) out.localPart = true;
      if (domainX !== "" && domainX === domainY) out.domain = true;
    }
  }
  return out;
}

function split(address: string): [local: string, domain: string] {
  const email = emailKey(address);
  const at = email.lastIndexOf("@");
  if (at < 0) return [email, ""];
  const local = email.slice(0, at);
  const plus = local.indexOf("+");
  return [plus > 0 ? local.slice(0, plus) : local, email.slice(at + 1)];
}
