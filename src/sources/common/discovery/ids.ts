// Discovered NHIs need an identity id people can read and YAML can name: the system's display
// name made into the repository's id alphabet. Two principals with one name keep theirs apart by
// a qualifier (the kind, the project, the start of their immutable id, else a hash of it), so the
// same export always gives the same ids.
import { createHash } from "node:crypto";
import { nfc } from "../../../model/nfc.js";
import { withoutSecretShapes } from "../../../model/secret-shapes.js";
import { foldName } from "./name-letters.js";

/**
 * "CI Deployer (prod)" → "ci-deployer-prod". A secret pasted into the name (a URL's password, a
 * token) is left out first: the id names the NHI in every plan and its drafted file, and once
 * slugged (lower case, `:` gone) no masker could recognise it.
 *
 * Every letter counts (name-letters.ts): "Zoë Sync" → "zoe-sync". A name with a letter that only
 * looks Latin ("Еxpense Connector", Cyrillic "Е") or that has no ASCII form ("会計 Sync", "Straße")
 * gets the first 8 hex digits of the SHA-256 of the name (in NFC) after its readable part:
 * "expense-connector-<hash>", "sync-<hash>", and "nhi-<hash>" when no Latin letter is left. So it
 * is never the id of the NHI it reads like, nor of another name that lost other letters, and it is
 * the same every run. Empty only for a name with no letter or digit at all (ids.ts then qualifies it).
 */
export function slugId(name: string): string {
  const text = withoutSecretShapes(name);
  const folded = foldName(text);
  const slug = slugOf(folded.text);
  if (folded.lookAlike.length === 0 && !folded.unfolded) return slug;
  return joinName(slug || "nhi", shortHash(nfc(text)));
}

/** ASCII text in the id alphabet: lower case, runs of anything else one "-", none at either end. */
function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-._]+|[-._]+$/g, "")
    .slice(0, 80);
}

/** How a source tells apart records that share a slug (see uniqueNameList). */
export interface NameParts<T> {
  /**
   * The readable part that tells a record from others of the same slug: `role`/`user` for AWS (a
   * user and a role may share a name), the project for GCP (an account id is unique only within
   * its project). Default: the first 8 letters and digits of the slugged external id, which tells
   * apart ids such as GUIDs and numbers, not ids that begin with the name itself.
   */
  qualifierOf?: (item: T) => string;
  /**
   * The record that keeps the plain slug when others share it. At most one of a slug may: when
   * two or more say so, none keeps it. Absent: a shared slug is qualified for every record.
   */
  keepsName?: (item: T) => boolean;
}

/** Longest id the repository accepts (`^[a-z0-9][a-z0-9._-]{0,99}$`). */
const MAX_ID = 100;

/**
 * Gives each record of one source a unique `userName`: its slug, or the slug plus a qualifier
 * when another record of the source has the same slug.
 */
export function uniqueNames<T extends { slug: string; externalId: string }>(items: T[], parts: NameParts<T> = {}): Map<T, string> {
  const names = uniqueNameList(items, (item) => item.slug, (item) => item.externalId, parts);
  return new Map(items.map((item, i) => [item, names[i]!]));
}

/**
 * uniqueNames as a list in the items' order, read through accessors: no object made per item.
 *
 * Every name depends only on the export, never on the order of its records, so the same export
 * always gives the same ids:
 * - a slug no other record has is the name;
 * - records sharing a slug are `<slug>-<qualifier>`, except the one `keepsName` picks;
 * - a qualified name that is still not unique (two ids with the same first characters, a
 *   qualifier that another record's own name already spells) is `<slug>-<hash>`, the first 8 hex
 *   digits of the SHA-256 of the external id: distinct for distinct ids, and the same every run.
 * Two records with one external id (a duplicate in the export) keep one name, which the source's
 * uniqueness gate reports: that is a fault in the export, not a name to invent.
 *
 * What happens to an existing id when a second record of the same slug appears later is the
 * caller's choice, made with `keepsName` (see aws-iam and gcp-iam): with it, the record it picks
 * keeps its id and only the newcomer is qualified; without it, both are qualified, so the earlier
 * one's id changes once. A file made by `scopesync nhi propose` names the record by its external
 * id under `discoveredBy`, which no renaming touches; the id changes for an undeclared NHI, and a
 * file that claims a record by the same name alone no longer does: the records keep the plain
 * name as `sharedName` (discovery/record.ts), and one a file claims by that name is reported as
 * undeclared but never quarantined on that account, nor merged into the file
 * (resolve/reconcile-nhis.ts, nhi-name-ambiguous).
 */
export function uniqueNameList<T>(items: readonly T[], slugOf: (item: T) => string, idOf: (item: T) => string, parts: NameParts<T> = {}): string[] {
  const count = new Map<string, number>();
  const keepers = new Map<string, number>();
  for (const item of items) {
    const slug = slugOf(item);
    count.set(slug, (count.get(slug) ?? 0) + 1);
  }
  if (parts.keepsName) {
    for (const item of items) {
      const slug = slugOf(item);
      if (slug && count.get(slug)! > 1 && parts.keepsName(item)) keepers.set(slug, (keepers.get(slug) ?? 0) + 1);
    }
  }
  // The qualifier only where a name needs one: slugging every external id was most of the time it took.
  const qualifierOf = parts.qualifierOf ?? ((item: T) => slugId(idOf(item)).replace(/[^a-z0-9]/g, "").slice(0, 8));
  // "" marks a record whose qualifier is empty (an id with no letter or digit): it is hashed.
  const names: string[] = new Array<string>(items.length);
  const qualified: number[] = [];
  items.forEach((item, i) => {
    const slug = slugOf(item);
    if (slug && (count.get(slug)! === 1 || (keepers.get(slug) === 1 && parts.keepsName!(item)))) names[i] = slug;
    else {
      const qualifier = slugId(qualifierOf(item));
      names[i] = qualifier ? joinName(slug || "nhi", qualifier) : "";
      qualified.push(i);
    }
  });
  if (qualified.length === 0) return names;
  // A qualified name must be no record's slug (a user may be called "etl-runner-role") and no
  // other qualified name. Only the few qualified names are counted: a credential report has a
  // million plain ones.
  const twice = new Map<string, number>();
  for (const i of qualified) twice.set(names[i]!, (twice.get(names[i]!) ?? 0) + 1);
  const hashed = qualified.filter((i) => !names[i] || count.has(names[i]!) || twice.get(names[i]!)! > 1);
  for (const i of hashed) names[i] = joinName(slugOf(items[i]!) || "nhi", shortHash(idOf(items[i]!)));
  return names;
}

/** `<base>-<qualifier>` within the id's length, the base cut rather than the qualifier. */
function joinName(base: string, qualifier: string): string {
  const room = MAX_ID - qualifier.length - 1;
  return `${base.slice(0, room).replace(/[-._]+$/, "")}-${qualifier}`;
}

/** The first 8 hex digits of the SHA-256 of an external id (or a name): short, stable and, for distinct ids, distinct. */
function shortHash(id: string): string {
  return createHash("sha256").update(id).digest("hex").slice(0, 8);
}
