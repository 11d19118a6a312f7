// Options of a `gcp-iam` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportFileOption, undeclaredOption } from "../common/discovery/options.js";
import { exportOptions } from "../common/schema.js";

export const gcpIamSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    keys: exportFileOption("`gcloud iam service-accounts keys list --iam-account EMAIL --format=json` outputs (a file, or a directory with one file per account, `EMAIL.json`): each key is matched to its account by its `name`. In a directory, an account without a file stops the run (a missing file is no proof of no keys); an account without keys has a file `EMAIL.json` holding `[]`. Without it no account has credentials."),
    keyActivity: exportFileOption("`gcloud policy-intelligence query-activity --activity-type=serviceAccountKeyLastAuthentication --limit=N --format=json` output (`N` above the project's number of keys: without `--limit` gcloud returns at most 1000 and the rest read as never recorded; a file of exactly 1000 is warned of, [`source-activity-at-limit`](rules.md#source-activity-at-limit)): the last authentication of each key, for `credential-unused`."),
    undeclared: undeclaredOption,
  }),
};
