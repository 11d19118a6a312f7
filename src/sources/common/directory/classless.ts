// Entries with no objectClass value. Every directory entry has one (RFC 4512 §2.4.1: "Every entry
// in the DIT has an objectClass attribute"), so an entry without it was read through an attribute
// list that did not name it (RFC 4511 §4.5.1.8 returns only the attributes a search lists), or, live,
// by a bind DN that may not read it (the live read asks for '*'). Such an entry cannot be told
// apart as a person, a service account, a group or a container, and skipping it would make its
// person look absent, a leaver (rv99 #1): like a missing accountExpires, the field that decides
// must be in the export, so the read stops, naming every such entry.
import { SourceError } from "../../../model/errors.js";
import type { SourceContext } from "../../source.js";
import type { EntryValues } from "./entry-values.js";

const SHOWN = 5;

export const CLASSLESS_FIX =
  "Add objectClass to the export's attribute list (ldifde -l, or the attributes after the filter of ldapsearch; '*' includes it): " +
  "it decides whether an entry is a person, a service account or a group, and a person whose entry is not read would be taken as a leaver. " +
  "A live ldap read asks for every attribute: there, give the bind DN read access to objectClass.";

/** True when the entry has no objectClass value: nothing says what it is. */
export function isClassless(values: EntryValues): boolean {
  return values.list("objectClass").length === 0;
}

/** The classless entries of one read, counted, the first few kept for the error. */
export class ClasslessEntries {
  private count = 0;
  private readonly shown: string[] = [];

  add(values: EntryValues): void {
    this.count += 1;
    // A file's position ("ad.ldif entry 3 (line 20)") does not show the DN; a live read's is the DN.
    if (this.shown.length < SHOWN) this.shown.push(values.position === values.dn ? `"${values.dn}"` : `${values.position} "${values.dn}"`);
  }

  /** The error that stops the read, when there were any; `read` is how many entries the read held. */
  error(context: SourceContext, read: number): SourceError | undefined {
    if (this.count === 0) return undefined;
    const [first, ...others] = this.shown;
    const also = others.length > 0 ? `; also ${others.join("; ")}${this.count > SHOWN ? `; and ${this.count - SHOWN} more` : ""}` : "";
    const tally = `${this.count} of ${read} ${read === 1 ? "entry" : "entries"} read ${this.count === 1 ? "has" : "have"} none`;
    return new SourceError(
      context.name,
      `${first}: no objectClass, so nothing says whether it is a person, a service account or a group (${tally}${also})`,
      CLASSLESS_FIX,
    );
  }
}
