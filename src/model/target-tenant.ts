// Which system a target's state was read from (rv83 finding 1 and 3). Two SCIM apps on one
// multi-tenant URL (Slack's: one base URL, the token picks the workspace) differ only by what
// their reads hold, and a pull request that points a target at another org or URL leaves its state
// file describing the old one. A state file and a plan record this, and what reads them compares:
// plan refuses a state file read from elsewhere than scopesync.yaml names (plan/state-binding.ts),
// apply refuses a live read that is not the tenant the reviewed plan was made from
// (apply/tenant-binding.ts).

/** What a state says about where it was read from; every field is optional, as older state files have none. */
export interface TargetTenant {
  /**
   * Where scopesync.yaml pointed the target when the state was read (model/target-endpoint.ts):
   * scim's url, github's organization and API, entra-apps' tenant and Graph root, aws-iam's
   * endpoint. `state pull` writes it to the state file (its `endpoint`).
   */
  endpoint?: string;
  /**
   * The tenant's own immutable id, where the service gives one (GitHub: the organization's
   * numeric id, from GET /orgs/{org}; an org renamed or deleted and its login taken by another
   * keeps no id). A state file's `tenantId`.
   */
  id?: string;
  /**
   * A state file's `target` where it names another target than the one reading it: the file was
   * pulled for that one (plan/state-binding.ts blocks unless it is one of the target's formerNames).
   */
  pulledFor?: string;
}
