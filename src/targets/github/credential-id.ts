// The id scheme lives on the floor (src/model/github-credential-id.ts): the `github` discovery
// source writes the same ids for what it reads from saved exports, so a discovered deploy key or
// token grant is the credential this connector revokes.
export { deployKeyCredential, deployKeyPrefix, parseCredential, PAT_GRANT_PREFIX, patGrantCredential, type GithubCredential } from "../../model/github-credential-id.js";
