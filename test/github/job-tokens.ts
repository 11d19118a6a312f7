// The workflow tokens (GITHUB_TOKEN) of apply.yml's Revoke and Grant jobs, for the GitHub fake.
// GITHUB_TOKEN is an installation token of the GitHub Actions app (ghs_…) holding what the job's
// `permissions:` ask for: "When the permissions key is used, all unspecified permissions are set to
// no access, with the exception of the metadata scope, which always gets read access" ("Automatic
// token authentication", docs.github.com). apply.yml gives those jobs `contents: read` and nothing else;
// the second token is a job's whose workflow left contents out (`permissions: {}`). Each is apart
// from the target's token (GH_TOKEN, the fake's own), as on GitHub, so that a test sees which one a
// job used.
import type { FakeToken } from "../servers/github-fake/tokens.js";

/** The fake's default token, the target's (a classic token with admin:org and repo): listed first, it stays `fake.token`. */
const TARGET: FakeToken = { kind: "classic", value: "ghp_fakeTOKEN0123456789abcdefSECRET", scopes: ["admin:org", "repo"] };

/** An apply job's GITHUB_TOKEN under apply.yml: `contents: read`. */
export const APPLY_JOB_TOKEN: FakeToken = { kind: "app", value: "ghs_applyJobContentsRead0123456789abcd", permissions: { contents: "read", metadata: "read" } };

/** A job's GITHUB_TOKEN with `permissions: {}`: metadata only. */
export const NO_CONTENTS_TOKEN: FakeToken = { kind: "app", value: "ghs_jobWithoutPermissions0123456789ab", permissions: { metadata: "read" } };

/** startGithubFake's `tokens`: the target's token first (`fake.token`), then the two job tokens. */
export const TOKENS_WITH_JOB_TOKENS: FakeToken[] = [TARGET, APPLY_JOB_TOKEN, NO_CONTENTS_TOKEN];
