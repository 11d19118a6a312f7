// Which identity a name means, however it is written: `explain` asks by any of them, and an
// exception's approver is compared with the identity it waives by who they are, not by spelling.
import type { Identity } from "./identity.js";
import { normaliseLogin } from "./keys.js";

/**
 * The identity a person means by a login, an NHI id, an anchor, an alias or an email, in any
 * spelling; else by an earlier login of a person the sources renamed (formerIds). An exact
 * anchor comes before one that differs only in case, and anyone's login now before an earlier one.
 */
export function findIdentity(identities: readonly Identity[], asked: string): Identity | undefined {
  const wanted = normaliseLogin(asked);
  const folded = asked.toLowerCase();
  return (
    identities.find((i) => i.id === wanted || i.anchor === asked || i.aliases.includes(asked) || (i.attributes.emails as string[] | undefined)?.includes(wanted)) ??
    identities.find((i) => i.anchor.toLowerCase() === folded || i.aliases.some((a) => a.toLowerCase() === folded)) ??
    identities.find((i) => i.formerIds?.includes(wanted))
  );
}
