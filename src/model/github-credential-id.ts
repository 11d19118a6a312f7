// Credential ids of GitHub's org-level credentials: the github target writes them in read() and
// accepts them in revoke-credential; the github discovery source gives its credentials the same ids.
//   deploy-key:<repo>:<key id>    a repository deploy key
//   pat-grant:<grant id>          an org's grant to a fine-grained personal access token

export type GithubCredential = { kind: "deploy-key"; repo: string; keyId: number } | { kind: "pat-grant"; grantId: number };

export const deployKeyCredential = (repo: string, keyId: number): string => `${deployKeyPrefix(repo)}${keyId}`;
/** How the id of every deploy key of `repo` starts. */
export const deployKeyPrefix = (repo: string): string => `deploy-key:${repo}:`;
/** How every PAT grant's id starts (a read that could not list them says so by it). */
export const PAT_GRANT_PREFIX = "pat-grant:";
export const patGrantCredential = (grantId: number): string => `${PAT_GRANT_PREFIX}${grantId}`;

export function parseCredential(id: string): GithubCredential | undefined {
  let m = /^deploy-key:([A-Za-z0-9._-]+):(\d+)$/.exec(id);
  if (m) return { kind: "deploy-key", repo: m[1]!, keyId: Number(m[2]) };
  m = /^pat-grant:(\d+)$/.exec(id);
  if (m) return { kind: "pat-grant", grantId: Number(m[1]) };
  return undefined;
}
