// LDIF export of OpenLDAP or Active Directory (ldapsearch, ldifde -f): people, service accounts and
// the groups they belong to. The mapping is the live ldap source's (common/directory). An export
// decides who left by leaving them out only when it proves itself whole (search-results.ts): one
// that does not is read with a source-unproven-export warning, as the live source would have
// refused a search the server cut short.
import type { SourceRecord } from "../../model/source-record.js";
import { employmentTypeMap } from "../common/employment-type.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { readExportFile } from "../common/export-files.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { enumOption, stringListOption, stringOption, wholeNumberOption } from "../common/options.js";
import { SourceError } from "../../model/errors.js";
import { EntryValues } from "../common/directory/entry-values.js";
import { DEFAULT_MAX_GROUP_DEPTH, groupClassSet } from "../common/directory/group-options.js";
import { readEntries } from "../common/directory/read-entries.js";
import { EntryClasses } from "../common/directory/no-people.js";
import type { DirectorySettings } from "../common/directory/settings.js";
import { DEFAULT_DISABLED_MEANING, DISABLED_MEANINGS } from "../../model/directory-disabled.js";
import { parseLdif } from "./parse-ldif.js";
import { ldifSchema } from "./schema.js";
import { joined } from "../../model/joined.js";
import { UNPROVEN_EXPORT_RULE } from "../../model/unknown-absence.js";
import { PROVING_EXPORT, type ExportProof, type LocatedReference } from "./search-results.js";
import { PARTITION_REFERENCES_FIX, partitionNames } from "../common/directory/search-references.js";

function settingsOf(context: SourceContext, exportedAt: string): DirectorySettings {
  const statusAttribute = stringOption(context, "statusAttribute");
  const disabledValues = stringListOption(context, "disabledValues");
  if ((statusAttribute === undefined) !== (disabledValues === undefined)) {
    throw new SourceError(context.name, "options.statusAttribute and options.disabledValues go together", `Name the attribute and the values that mean disabled in sources.${context.name}.options, or neither.`);
  }
  return {
    source: context.name,
    exportedAt,
    ...(context.now !== undefined ? { now: new Date(context.now).toISOString() } : {}),
    disabledMeans: enumOption(context, "disabledMeans", DISABLED_MEANINGS) ?? DEFAULT_DISABLED_MEANING,
    anchor: stringOption(context, "anchor"),
    groupClasses: groupClassSet(stringListOption(context, "groupClasses")),
    maxGroupDepth: wholeNumberOption(context, "maxGroupDepth") ?? DEFAULT_MAX_GROUP_DEPTH,
    employmentTypes: employmentTypeMap(context),
    ...(statusAttribute && disabledValues
      ? { status: { attribute: statusAttribute, disabledValues: new Set(disabledValues.map((v) => v.trim().toLowerCase())) } }
      : {}),
  };
}

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const file = await readExportFile(context);
  const settings = settingsOf(context, resolveExportedAt(context, [file]));
  let proof: ExportProof = { proven: false, why: "was not read to its end", partitions: [] };
  const classes = new EntryClasses(settings.groupClasses);
  const entries = function* () {
    for (const entry of parseLdif(context, file.text, file.path, (found) => (proof = found))) {
      const values = new EntryValues(context, entry, joined(file.path, " entry ", entry.index, " (line ", entry.line, ")"));
      classes.add(values);
      yield values;
    }
  };
  // Containers (ou, dc) and computers are structure, not identities: an LDIF export holds them.
  // A file of nothing else is no empty export, but one of the wrong entries (no-people.ts).
  const { records } = readEntries(context, entries(), settings);
  const noPeople = classes.noPeople(context, file.path, records.length);
  if (noPeople) throw noPeople;
  // A person without a login cannot be linked to an account: the live ldap source stops on it,
  // and so does its export (the same directory must read the same either way).
  const loginless = records.filter((record) => record.userName === "");
  if (loginless.length > 0) {
    const more = loginless.length > 1 ? ` (and ${loginless.length - 1} more: ${loginless.slice(1, 4).map((r) => r.position).join("; ")}${loginless.length > 4 ? "; ..." : ""})` : "";
    throw new SourceError(
      context.name,
      `${loginless[0]!.position}: no login (uid, or sAMAccountName for AD)${more}`,
      "Every person and service account needs a login: add uid (sAMAccountName in Active Directory) to the entry, or leave the entry out of the export.",
    );
  }
  if (!proof.proven) warnUnproven(context, file.path, proof.why, proof.fix);
  if (proof.partitions.length > 0) notePartitions(context, file.path, proof.partitions);
  return records;
}

/**
 * Active Directory refers every subtree search from a domain's root to partitions that hold no
 * people (common/directory/search-references.ts): said, so that nothing in the file is passed over
 * unmentioned, but nothing is missing for it.
 */
function notePartitions(context: SourceContext, path: string, partitions: readonly LocatedReference[]): void {
  const lines = partitions.map((p) => p.line).join(", ");
  context.warn?.({
    rule: "source-partition-references",
    severity: "info",
    message: `source "${context.name}": ${path} holds ${partitions.length === 1 ? "a search reference" : `${partitions.length} search references`} (${partitions.length === 1 ? "line" : "lines"} ${lines}) to Active Directory partitions that hold no users or groups of the domain (${partitionNames(partitions.map((p) => p.reference))}): not followed, and no one is missing for them`,
    remediation: PARTITION_REFERENCES_FIX,
    location: path,
  });
}

/**
 * The export cannot show it is whole: the people it lists still count (a joiner, a mover, an
 * explicit disable or expiry), but one it lacks may be past the server's size limit, not gone, so
 * ingest makes its absences decide nothing (model/unknown-absence.ts).
 */
function warnUnproven(context: SourceContext, path: string, why: string, fix = PROVING_EXPORT): void {
  context.warn?.({
    rule: UNPROVEN_EXPORT_RULE,
    severity: "warning",
    message: `source "${context.name}": ${path} ${why}: the export cannot be proven complete, so no one is taken as a leaver for being absent from it; the people it lists still count, an explicit disable or expiry too`,
    remediation: `${fix.replace(/\.$/, "")}. Until then, accounts whose people the export lacks are left alone.`,
    location: path,
  });
}

/** `type: ldif` — an LDIF export; options `anchor`, `groupClasses`, `maxGroupDepth`, `statusAttribute`/`disabledValues`, `disabledMeans`, `exportedAt`. */
export const ldifSource: SourceAdapter = { type: "ldif", live: false, schema: ldifSchema, read };
