// Options of a `kubernetes` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportFileOption, undeclaredOption } from "../common/discovery/options.js";
import { exportOptions, nonEmptyString } from "../common/schema.js";

export const kubernetesSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    secrets: exportFileOption("`kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token -o json` with the token data removed (e.g. `| jq 'del(.items[].data)'`): each becomes a long-lived token credential of its service account. A file that still holds `data` is refused."),
    ownerAnnotation: { ...nonEmptyString, description: "Service account annotation whose value names the owner (an e-mail or login). Default: `owner`." },
    undeclared: undeclaredOption,
  }),
};
