// The API keys of the AI vendors an organisation's agents call: the `sk-` keys most likely to be
// pasted into an agent's file. Their bodies are base64url (`A-Za-z0-9_-`), so the plain
// `sk-<letters and digits>` shape stops at the first `-` or `_`, and their kind sits between `sk-`
// and the body (`sk-ant-api03-`, `sk-svcacct-`), where that shape wants letters and digits only.
//
// Anthropic: `sk-ant-api03-<93 base64url>AA`, the rule Anthropic gave GitLab's secret detection
// (https://gitlab.com/gitlab-org/security-products/analyzers/secrets/-/merge_requests/319:
// `sk-ant-[a-z]{3}\d{2}-[A-Za-z0-9\-_]{86}-[A-Za-z0-9\-_]{8}`); Admin API keys are
// `sk-ant-admin01-…` and OAuth tokens `sk-ant-oat01-…` / `sk-ant-ort01-…` (gitleaks' rules).
// GitHub secret scanning has Anthropic and OpenAI as partners (`anthropic_api_key`,
// `anthropic_admin_api_key`, `openai_api_key`:
// https://docs.github.com/en/code-security/reference/secret-security/supported-secret-scanning-patterns).
//
// OpenAI publishes no format. Every key it has issued holds `T3BlbkFJ`, base64 for "OpenAI":
// user keys `sk-<20>T3BlbkFJ<20>` (https://community.openai.com/t/what-are-the-valid-characters-for-the-apikey/288643),
// project, service-account and admin keys `sk-proj-`, `sk-svcacct-`, `sk-admin-` with base64url
// halves of 58 or 74 characters around it (gitleaks' openai-api-key rule), and the short-lived
// named project keys `sk-<project name>-<20>T3BlbkFJ<20>`.
//
// The lengths here are minimums well below the vendors' (a key cut short is still most of a key,
// and fail-closed is the point), and high enough that no word or hyphenated name reaches them.
// What may come before `T3BlbkFJ` is a few `-`-separated names and the 20 characters of the key:
// a looser `sk-[A-Za-z0-9_-]*T3BlbkFJ` would scan on from every `sk-` in a text of `sk-sk-sk-…`,
// quadratic in the length of a megabyte of plan JSON (the masks run on all of it).

/** [what the key is, its shape] for the scan and every mask (secret-shapes.ts TOKEN_SHAPES). */
export const AI_API_KEY_SHAPES: Array<[string, RegExp]> = [
  ["Anthropic API key", /\bsk-ant-[a-z]{3,6}\d{2}-[A-Za-z0-9_-]{32,}/],
  ["OpenAI API key", /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|\bsk-(?:[A-Za-z0-9_]+-){0,3}[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9_-]*/],
];
