// GitHub's answer to GET /orgs/{org}/installations
// (https://docs.github.com/en/rest/orgs/orgs#list-app-installations-for-an-organization) for one App,
// nw-coding-agent, and `aws iam get-account-authorization-details --filter Role` for one role that
// GitHub Actions assumes through OIDC, with a credential report: what an offboarded NHI signs in
// through with no secret scopesync can revoke.
export function installations(suspendedAt: string | null): object {
  return {
    total_count: 1,
    installations: [{
      id: 58211904, account: { login: "northwind-labs", id: 9100001, type: "Organization" }, repository_selection: "all",
      access_tokens_url: "https://api.github.com/app/installations/58211904/access_tokens", repositories_url: "https://api.github.com/installation/repositories",
      html_url: "https://github.com/organizations/northwind-labs/settings/installations/58211904", app_id: 1131002, app_slug: "nw-coding-agent",
      target_id: 9100001, target_type: "Organization", permissions: { contents: "write", pull_requests: "write", issues: "write", metadata: "read", workflows: "write" },
      events: ["issue_comment", "pull_request"], created_at: "2026-06-02T09:14:00.000Z", updated_at: "2026-06-02T09:14:00.000Z",
      single_file_name: null, has_multiple_single_files: false, single_file_paths: [], suspended_by: suspendedAt ? { login: "noorh", id: 7100001, type: "User" } : null, suspended_at: suspendedAt,
    }],
  };
}

export const ROLES = {
  RoleDetailList: [{
    Path: "/", RoleName: "nightly-export", RoleId: "AROAEXAMPLENIGHTLY01", Arn: "arn:aws:iam::111111111111:role/nightly-export", CreateDate: "2025-05-01T10:00:00Z",
    AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:northwind-labs/exports:*" } } }] },
    InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [{ PolicyName: "AmazonS3FullAccess", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }],
    Tags: [], RoleLastUsed: { LastUsedDate: "2026-11-25T02:00:00Z", Region: "eu-west-1" },
  }],
};
export const REPORT = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,2026-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";

