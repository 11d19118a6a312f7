// Options of an `entra-apps` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportFileOption, undeclaredOption } from "../common/discovery/options.js";
import { exportOptions } from "../common/schema.js";

export const entraAppsSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    servicePrincipals: exportFileOption("Graph `GET /servicePrincipals?$expand=owners` response (a file or a directory of pages): `accountEnabled` becomes the status of the application with the same `appId`; service principals without an application here (managed identities, other tenants' applications) become NHIs of their own."),
    signInActivity: exportFileOption("Graph (beta) `GET /reports/appCredentialSignInActivities` and/or `GET /reports/servicePrincipalSignInActivities` responses: the last use of each credential (by `keyId`) and of each application (by `appId`). Without it no credential has a last use, and `credential-unused` cannot judge them."),
    undeclared: undeclaredOption,
  }),
};
