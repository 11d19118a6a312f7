// Prefixed keys of the services an organisation's people and systems use, which a description, a
// report cell or a notes column may carry: the issuers GitHub's secret scanning has patterns for
// (https://docs.github.com/en/code-security/reference/secret-security/supported-secret-scanning-patterns),
// each shape as its issuer documents it.
//
// Stripe: live secret and restricted keys, `sk_live_` / `rk_live_` and 10 to 128 letters and
// digits, the rule Stripe gave GitLab's secret detection (https://gitlab.com/gitlab-org/gitlab/-/issues/458019:
// `(?i)(sk|rk)_live_[0-9a-z]{10,128}`); test keys move no money and are left alone.
// Google API key: `AIza` and 35 of `A-Za-z0-9_-`, 39 in all (Microsoft Purview's "Google API key"
// definition, https://learn.microsoft.com/purview/sit-defn-google-api-key; Google's own example
// in "Manage API keys" starts `AIzaSy`).
// npm access token: `npm_` and 36 letters and digits, GitHub's token format (30 random, a CRC32 in
// the last six: https://github.blog/2021-09-23-announcing-npms-new-access-token-format/).
// GitLab personal access token: `glpat-` and 20 or more of `A-Za-z0-9_-`
// (https://docs.gitlab.com/ee/user/admin_area/settings/account_and_limit_settings.html#personal-access-token-prefix);
// newer ones add `.`-separated parts (`glpat-….01.…`), so `.` is part of the body.
// Slack incoming webhook: `https://hooks.slack.com/services/T…/B…/<24>` (Slack, "Sending messages
// using incoming webhooks"), and Workflow Builder's `hooks.slack.com/workflows/…` and
// `/triggers/…`: the URL alone posts to the channel. The host is matched as Slack writes it, lower case.
// Microsoft Entra client secret: up to 40 of `a-z` (any case), `0-9`, `-`, `_`, `.`, `~`, with a
// digit and `Q~` after the first three (Microsoft Purview's "Microsoft Entra client secret"
// definition, https://learn.microsoft.com/microsoft-365/compliance/sit-defn-azure-ad-client-secret:
// `abc7Q~defghijklmnopqrs0t123456789-_.~`, 37 and 40 characters long in its examples). The shape
// wants the whole run of those characters to be 37 to 40 long, so `Q~` in ordinary text is not one.
//
// Slack's app-level tokens (`xapp-`) are in secret-shapes.ts' Slack token shape, and PGP's
// `-----BEGIN PGP PRIVATE KEY BLOCK-----` in its private key shape.

/** [what the key is, its shape] for the scan and every mask (secret-shapes.ts TOKEN_SHAPES). */
export const VENDOR_KEY_SHAPES: Array<[string, RegExp]> = [
  ["Stripe API key", /\b[rs]k_live_[0-9A-Za-z]{10,}/],
  ["Google API key", /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/],
  ["npm access token", /\bnpm_[A-Za-z0-9]{36}\b/],
  ["GitLab access token", /\bglpat-[A-Za-z0-9_.-]{20,}/],
  ["Slack webhook URL", /\bhooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/+-]{20,}/],
  ["Entra client secret", /(?<![A-Za-z0-9_.~-])[A-Za-z0-9_.~-]{3}\dQ~[A-Za-z0-9_.~-]{31,34}(?![A-Za-z0-9_.~-])/],
];
