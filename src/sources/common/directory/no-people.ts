// An export that holds entries but no person and no service account: containers (organizationalUnit,
// container, domain), computers, contacts, with or without groups. Read as no records, it was "the export is
// empty (no records)", which sends a reader to look for a failed or cut export, when the file is
// whole and the export chose the wrong entries (a filter or base DN without the people in it).
// The read stops, saying how many entries of which object classes were read and that none is a
// person, so that the fix is in the export's filter, not in a waiver of the empty-export gate.
import { SourceError } from "../../../model/errors.js";
import type { SourceContext } from "../../source.js";
import { isDeletedObject } from "./deleted-object.js";
import type { EntryValues } from "./entry-values.js";

/** How many kinds of entry the error names; the rest are counted. */
const SHOWN = 6;

/** The object classes of the entries of one read, counted by their set of classes. */
export class EntryClasses {
  /** `groupClasses`: lower-cased classes that make an entry a group (the source's settings). */
  constructor(private readonly groupClasses: ReadonlySet<string>) {}

  private read = 0;
  private deleted = 0;
  private readonly byClasses = new Map<string, number>();

  add(values: EntryValues): void {
    this.read += 1;
    // A deleted object is someone AD deleted: absence decides for them (deleted-object.ts), and an
    // export of nothing else is an empty directory, the empty-export gate's to judge.
    if (isDeletedObject(values)) {
      this.deleted += 1;
      return;
    }
    // "top" is every entry's; the rest in the order written ("organizationalUnit", "person+organizationalPerson+user+computer").
    const classes = values.all("objectClass").map((c) => c.trim()).filter((c) => c !== "" && c.toLowerCase() !== "top");
    const key = classes.length === 0 ? "top" : classes.join("+");
    this.byClasses.set(key, (this.byClasses.get(key) ?? 0) + 1);
  }

  /** The error that stops a read of `path` that made no record from the entries it held, if it held any. */
  noPeople(context: SourceContext, path: string, records: number): SourceError | undefined {
    if (records > 0 || this.read === 0 || this.deleted > 0) return undefined;
    // Groups and nothing else are what the documented recipe (the people search, then the groups
    // search appended) gives once the people search finds no one: a directory emptied on purpose,
    // which the empty-export gate judges and a reviewed `gates.accept` lets through (rv108 M1).
    const isGroups = (classes: string): boolean => classes.split("+").some((c) => this.groupClasses.has(c.toLowerCase()));
    if ([...this.byClasses.keys()].every(isGroups)) return undefined;
    const kinds = [...this.byClasses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const shown = kinds.slice(0, SHOWN).map(([classes, n]) => `${n} ${classes}`).join(", ");
    const more = kinds.length > SHOWN ? `, and ${kinds.length - SHOWN} more sets of classes` : "";
    return new SourceError(
      context.name,
      `${path}: ${this.read} ${this.read === 1 ? "entry" : "entries"} read (objectClass ${shown}${more}), and none is a person or a service account: no entry has a person class (inetOrgPerson, person, organizationalPerson, user, posixAccount, account) or a service-account class without being a computer, a contact, a group or an AD trust account`,
      `The export did not select the people: export them with a filter and base DN that hold them (ldapsearch -b <people base> "(objectClass=inetOrgPerson)", or for Active Directory ldifde -d <people OU> -r "(&(objectCategory=person)(objectClass=user))"), and check that sources.${context.name}.path names that export and that options.groupClasses names no person class. ` +
        "If the directory really holds no one now, an export of no entries is judged by the empty-export gate instead.",
    );
  }
}
