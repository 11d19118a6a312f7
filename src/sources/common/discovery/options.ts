// Options every discovery source shares: what to do with an NHI the repository does not declare,
// and the extra export files some systems split their facts over.
import type { JsonSchema } from "../../../model/adapter-schema.js";
import { SourceError } from "../../../model/errors.js";
import type { SourceContext } from "../../source.js";
import { readExportPages, type ExportFile } from "../export-files.js";
import { nonEmptyString } from "../schema.js";

/** `options.undeclared`: report an undeclared NHI (default), or quarantine it (disable it downstream) until it is declared. */
export const undeclaredOption: JsonSchema = {
  type: "string",
  enum: ["report", "quarantine"],
  description: "What an NHI this source reports and no file in identities/ declares becomes: `report` an `nhi-undeclared` finding, and no account made or changed for it from discovery alone, except that one the system reports disabled, or whose owner left (`nhi-owner-active`), is offboarded like a declared NHI (its credentials revoked where a target holds them; `nhi-offboarded-credential-active` names those none does); `quarantine` the finding and the identity disabled downstream (its credentials revoked where a target can) until a reviewed file declares it, where no target switches it off (a GitHub App installation, an IAM role's trust) the finding says what keeps working instead; one a person can sign in with (an AWS IAM user with a console password) is reported instead (`nhi-undeclared-interactive`), not quarantined. `scopesync nhi propose` drafts those files. Default: `report`.",
};

/** An extra export file named in an option (a second API's response). */
export function exportFileOption(what: string): JsonSchema {
  return { ...nonEmptyString, title: "path", description: what };
}

/** The extra export named by `options[key]`, read like the main `path` (one file or a directory of pages); absent option: undefined. */
export async function readOptionalExport(context: SourceContext, key: string, extension: string): Promise<ExportFile[] | undefined> {
  const configured = context.config.options?.[key];
  if (configured === undefined) return undefined;
  if (typeof configured !== "string" || configured.trim() === "") {
    throw new SourceError(context.name, `options.${key} must be the path of an export file`, `Set sources.${context.name}.options.${key} to the file, relative to the repository.`);
  }
  return readExportPages({ ...context, config: { ...context.config, path: configured } }, extension, `options.${key}`);
}
