// Options of a `github` discovery source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportFileOption, undeclaredOption } from "../common/discovery/options.js";
import { exportOptions } from "../common/schema.js";

export const githubSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    deployKeys: exportFileOption("`GET /repos/{owner}/{repo}/keys` responses (a file, or a directory with one file per repository): each deploy key becomes an NHI with one `ssh-key` credential, the repository read from the key's `url`. Without it no deploy key is discovered."),
    patGrants: exportFileOption("`GET /orgs/{org}/personal-access-tokens` responses (a file or a directory of pages; the endpoint answers a GitHub App's token only): each fine-grained token grant becomes an NHI owned by the token's user, with one `token` credential. Without it no token grant is discovered."),
    undeclared: undeclaredOption,
  }),
};
