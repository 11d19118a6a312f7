// validate's word on a directory made authoritative for `status` beside an HR export that is too.
// "The employment that keeps the most access" holds only between HR exports (books of record:
// model/employment-records.ts); between an HR export and a directory precedence decides, as it
// always did. Nothing said so: a config that put Okta first gave it every person's status, and an
// HR leaver Okta still showed active kept their access with only an info attribute-conflict. The
// warning names both sources, which wins and why, and the reviewed reason that silences it.
import type { Diagnostic } from "./diagnostic.js";
import type { SourceConfig } from "../model/documents.js";
import { adDirectoryColumns, keepsEmploymentRecords } from "../model/employment-records.js";
import { decidesStatus } from "../model/export-checks.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { sourceOrder } from "../model/source-order.js";
import { DISCOVERY_SOURCE_TYPES } from "../model/source-types.js";

/** A warning at the `status` of each source of people that decides status beside an HR export and is none, without a statusAuthorityReason. */
export function directoryStatusAuthorityWarnings(repo: Pick<PolicyRepo, "config">): Diagnostic[] {
  const config = repo.config;
  const sources = config.value.sources;
  const order = sourceOrder(config.value);
  // validate reads no export: a csv source is taken for an AD export by the columns it maps.
  const directoryExports = new Set(order.filter((s) => adDirectoryColumns(sources[s]) !== undefined));
  const books = order.filter((s) => keepsEmploymentRecords(sources[s], s, directoryExports));
  if (books.length === 0) return [];
  const out: Diagnostic[] = [];
  for (const name of order) {
    const source = sources[name]!;
    if (!decidesStatus(source) || keepsEmploymentRecords(source, name, directoryExports) || DISCOVERY_SOURCE_TYPES.has(source.type) || source.statusAuthorityReason !== undefined) continue;
    out.push({ file: config.file, ...config.locate(["sources", name, "authoritative", source.authoritative!.indexOf("status")]), ...warning(name, source, books, order) });
  }
  return out;
}

function warning(name: string, source: SourceConfig, books: readonly string[], order: readonly string[]): { message: string; hint: string } {
  const ad = adDirectoryColumns(source);
  const what = ad === undefined ? `type ${source.type}` : `type csv, an Active Directory export: it maps ${ad.join(", ")}`;
  const hr = books.map((b) => `"${b}"`).join(", ");
  const first = books[0]!;
  const ahead = order.indexOf(name) < order.indexOf(first);
  const ranked = `in precedence order (correlation.precedence, then the other sources by name) "${ahead ? name : first}" comes before "${ahead ? first : name}"`;
  const wins = ahead
    ? `so "${name}" decides the status of everyone both export: a leaver ${books.length === 1 ? `"${first}" says` : "the HR exports say"} is terminated stays active, with every account, while "${name}" still shows them active`
    : `so "${first}" decides the status of everyone both export, and "${name}" that of the people no HR export has`;
  return {
    message: `source "${name}" (${what}) is authoritative for status beside the HR export${books.length === 1 ? "" : "s"} ${hr}, but only HR exports are books of record: between them the employment that keeps the most access does not apply (status-authorities-disagree), precedence decides. ${ranked[0]!.toUpperCase()}${ranked.slice(1)}, ${wins}; and before the first accepted snapshot of ${hr}, a person dropped from ${books.length === 1 ? "it" : "them"} whom "${name}" still exports is "${name}"'s to decide, not recognised as a leaver (departed-still-exported)`,
    hint: `if ${hr} should decide who left, remove status from sources.${name}.authoritative (a user "${name}" has shut out still shows: status-sign-in-blocked); if "${name}" deciding is intended, write why in sources.${name}.statusAuthorityReason, which silences this warning`,
  };
}
