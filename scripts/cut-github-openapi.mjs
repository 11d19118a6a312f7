#!/usr/bin/env node
// Cuts the pinned OpenAPI subset that the GitHub fake (test/servers/github-fake/) validates every
// request and response against. Source: GitHub's own description, dereferenced, from the
// @octokit/openapi dev dependency. Re-run after bumping @octokit/openapi and review the diff:
//
//   node scripts/cut-github-openapi.mjs
//
// It also cuts the same operations from the GitHub Enterprise Server descriptions of GHES_VERSIONS
// (openapi-subset-ghes-<version>.json): an operation GHES does not have (org invitations, failed
// invitations) is left out there, so the fake in GHES mode answers it as an unexpected request.
//
// Only the operations the github connector (src/targets/github/), the pull-request workflow
// (src/github/) and the fake use are kept, and
// only what validation needs (schemas, parameters, status codes): descriptions and examples go.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "test/servers/github-fake/openapi-subset.json");

/** operationId → why the connector needs it. Keep in step with src/targets/github/ and src/github/. */
const OPERATIONS = {
  "users/get-authenticated": "the token's own user (lockout guard)",
  "users/get-by-username": "login → numeric id (invitations, pending accounts)",
  "users/get-by-id": "numeric id → current login (a linked account is addressed by its id; logins change)",
  "orgs/get": "the organization's numeric id: a state and a plan are bound to the org they were read from (an org login taken over by another org has another id)",
  "orgs/list-members": "org members, role=all and role=admin",
  "orgs/get-membership-for-user": "membership state/role before a change (idempotency)",
  "orgs/set-membership-for-user": "role:admin grant/revoke",
  "orgs/remove-membership-for-user": "remove a member or cancel an invitation",
  "orgs/list-pending-invitations": "pending invitations count as membership",
  "orgs/create-invitation": "create-account / enable-account",
  "orgs/cancel-invitation": "disable-account of an invitation sent to an e-mail address (it has no user to remove)",
  "teams/list": "teams of the org",
  "teams/list-members-in-org": "team members, role=all and role=maintainer",
  "teams/list-pending-invitations-in-org": "team memberships of pending invitees",
  "teams/get-membership-for-user-in-org": "team membership before a change (idempotency)",
  "teams/add-or-update-membership-for-user-in-org": "team:<slug> grant",
  "teams/remove-membership-for-user-in-org": "team:<slug> revoke",
  "repos/list-for-org": "repositories whose deploy keys are read",
  "repos/list-deploy-keys": "deploy keys → credentials",
  "orgs/list-app-installations": "the github discovery source reads this response saved (its fixture is checked against it)",
  "repos/delete-deploy-key": "revoke-credential deploy-key:…",
  "orgs/list-pat-grants": "fine-grained PAT grants → credentials",
  "orgs/update-pat-access": "revoke-credential pat-grant:…",
  "teams/list-child-in-org": "child teams: a member of a child team is not a direct member of the parent",
  "teams/update-in-org": "the fake only: tests rename a team as an org owner does (the slug follows the name, the id stays); the connector never renames a team",
  "orgs/list-failed-invitations": "failed invitations are re-planned, not counted as membership",
  "orgs/list-outside-collaborators": "outside collaborators of the org's repositories",
  "orgs/remove-outside-collaborator": "disable-account of an outside collaborator: off every repository of the org",
  "repos/list-collaborators": "repo:<name>:<permission> of members and outside collaborators (affiliation=direct)",
  "repos/add-collaborator": "repo:<name>:<permission> grant (an invitation for someone without access)",
  "repos/remove-collaborator": "repo:<name>:<permission> revoke",
  "repos/list-invitations": "pending repository invitations count as access",
  "repos/delete-invitation": "revoke a repository access that is still an invitation",
  "repos/update-invitation": "change the role of a repository access that is still an invitation (no new invitation)",
  "orgs/list-org-roles": "custom organization roles (org-role:<name>), options.orgRoles",
  "orgs/list-org-role-users": "who holds an organization role, directly or through a team",
  "orgs/list-org-role-teams": "the teams an organization role is assigned to: their members get it (what a membership confers)",
  "orgs/list-custom-repo-roles": "the base role of each custom repository role: a grant that would replace a role held by hand is judged by it (GitHub Enterprise Cloud and Server only)",
  "orgs/assign-user-to-org-role": "org-role:<name> grant",
  "orgs/revoke-org-role-user": "org-role:<name> revoke",
  // GitHub Enterprise Cloud only (ghec description): teams whose membership an identity provider owns.
  "teams/list-idp-groups-for-org": "asked once before the per-team question: an org without team sync (its refusal, or no IdP groups at all) has no team an IdP owns",
  "teams/list-idp-groups-in-org": "IdP groups synchronized with a team (team sync): the IdP owns its membership",
  "teams/list-linked-external-idp-groups-to-team-for-org": "external groups linked to a team (Enterprise Managed Users): the IdP owns its membership",
  "teams/list-repos-in-org": "repo:<name>:<permission> of teams",
  "teams/add-or-update-repo-permissions-in-org": "repo:<name>:<permission> grant to a team",
  "teams/remove-repo-in-org": "repo:<name>:<permission> revoke from a team",
  // The pull-request workflow (src/github/): never org or team writes.
  "issues/list-comments": "find the sticky plan comment by its marker",
  "issues/create-comment": "post the sticky plan comment (once)",
  "issues/update-comment": "refresh the sticky plan comment in place",
  "checks/create": "the \"scopesync plan\" check run",
  "checks/update": "more annotations for the check run (50 per request)",
  "checks/list-for-ref": "apply cross-checks the reviewed fingerprint with the plan check run",
  "repos/list-pull-requests-associated-with-commit": "the merged pull request of a merge commit",
  "pulls/list": "the open sync pull request, by head branch",
  "pulls/create": "open the sync pull request",
  "pulls/update": "refresh the sync pull request's title and body",
  // The Action's apply queue and trust split (src/github/apply-queue.ts, trusted-run.ts, code-scanning.ts).
  "repos/create-commit-status": "mark a merged commit as applied (the apply queue's marker)",
  "repos/list-commit-statuses-for-ref": "find the last applied commit",
  "actions/get-workflow-run": "check that the run holding a reviewed plan is the trusted publish workflow on the default branch",
  "actions/list-workflow-run-artifacts": "the reviewed plan artifact of the trusted run",
  "actions/download-artifact": "download the reviewed plan artifact (a zip)",
  "actions/list-artifacts-for-repo": "the newest journal artifact of each job that applies, merged into the carried apply journal (src/github/carried-journal.ts)",
  "code-scanning/list-recent-analyses": "is code scanning available (SARIF upload only then)",
  "git/get-ref": "the default branch's tip now: apply and sync refuse to act on a commit main has moved past (src/github/branch-tip.ts)",
};

/** Operations only GitHub Enterprise Cloud's description has: cut into openapi-subset-ghec.json only. */
const GHEC_ONLY = new Set(["teams/list-idp-groups-for-org", "teams/list-idp-groups-in-org", "teams/list-linked-external-idp-groups-to-team-for-org", "orgs/list-custom-repo-roles"]);

/** GitHub Enterprise Server versions the fake can answer as (startGithubFake({ ghes })). */
const GHES_VERSIONS = ["3.17"];

const pkg = require("@octokit/openapi/package.json");
const METHODS = ["get", "put", "post", "delete", "patch", "head"];

const PROSE = new Set(["description", "example", "examples", "externalDocs", "summary", "title", "deprecated", "x-github", "x-githubEnterpriseOverlays", "x-multi-segment"]);

/**
 * Strips prose, keeps what validates, and adds null to nullable enums: the description has
 * `nullable: true` enums without null (GitHub's known wrinkle), which ajv would reject.
 * Under `properties` the keys are property names (a deploy key has a "title"): kept.
 */
function clean(node, keysAreNames = false) {
  if (Array.isArray(node)) return node.map((n) => clean(n));
  if (node === null || typeof node !== "object") return node;
  const result = {};
  for (const [k, v] of Object.entries(node)) {
    if (!keysAreNames && PROSE.has(k)) continue;
    result[k] = clean(v, !keysAreNames && (k === "properties" || k === "patternProperties"));
  }
  if (keysAreNames || result.nullable !== true) return result;
  if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...result.enum, null];
  // ajv refuses `nullable` without `type` (the description has some on allOf/oneOf wrappers).
  if (result.type === undefined) {
    const { nullable: _, ...rest } = result;
    return { anyOf: [rest, { type: "null" }] };
  }
  return result;
}

function cut(description, label, required) {
  const spec = JSON.parse(readFileSync(require.resolve(`@octokit/openapi/generated/${description}`), "utf8"));
  const paths = {};
  const found = new Set();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op || !(op.operationId in OPERATIONS)) continue;
      found.add(op.operationId);
      const responses = {};
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        const json = res.content?.["application/json"];
        responses[status] = json?.schema ? { content: { "application/json": { schema: clean(json.schema) } } } : {};
      }
      const kept = { operationId: op.operationId, "x-scopesync-use": OPERATIONS[op.operationId] };
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => clean(p));
      if (parameters.length) kept.parameters = parameters;
      const body = op.requestBody?.content?.["application/json"];
      if (body) kept.requestBody = { required: op.requestBody.required ?? false, content: { "application/json": { schema: clean(body.schema) } } };
      kept.responses = responses;
      (paths[path] ??= {})[method] = kept;
    }
  }
  const missing = Object.keys(OPERATIONS).filter((id) => !found.has(id));
  if (missing.some((id) => !GHEC_ONLY.has(id)) && required) {
    console.error(`cut-github-openapi: not in @octokit/openapi ${pkg.version} ${description}: ${missing.join(", ")}`);
    process.exit(1);
  }
  if (missing.length) console.log(`cut-github-openapi: ${label} has no ${missing.join(", ")}`);

  const subset = {
    openapi: spec.openapi,
    info: { title: `${label} subset for the scopesync GitHub fake`, version: spec.info.version, "x-source": `@octokit/openapi@${pkg.version} generated/${description}`, "x-cut-by": "scripts/cut-github-openapi.mjs" },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  // Count the enum fixes on the final tree (cleanSchemaAware may visit a node more than once).
  let fixes = 0;
  (function count(n) {
    if (Array.isArray(n)) return n.forEach(count);
    if (n && typeof n === "object") {
      if (n.nullable === true && Array.isArray(n.enum) && n.enum.includes(null)) fixes++;
      Object.values(n).forEach(count);
    }
  })(subset);
  return { subset, fixes, found: found.size };
}

for (const [description, label, file, required] of [
  ["api.github.com.deref.json", "api.github.com", out, true],
  ["ghec.deref.json", "GitHub Enterprise Cloud", out.replace(/\.json$/, "-ghec.json"), true],
  ...GHES_VERSIONS.map((v) => [`ghes-${v}.deref.json`, `GitHub Enterprise Server ${v}`, out.replace(/\.json$/, `-ghes-${v}.json`), false]),
]) {
  const { subset, fixes, found } = cut(description, label, required);
  writeFileSync(file, JSON.stringify(subset) + "\n");
  console.log(`cut-github-openapi: ${label}: ${found} operations, ${fixes} nullable enums given null, ${(JSON.stringify(subset).length / 1024).toFixed(0)} KiB → ${file}`);
}
