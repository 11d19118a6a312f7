// Every identity's every value, every finding and every error passes the masks (mask-texts.ts,
// secret-shapes.ts), a million identities at scale, and nearly none holds a secret. Ruling a text
// out took three scans of it (`://`, the token literals' regular expression, the 40-character
// runs, which also allocated) and a replace per shape; one pass over its characters rules out
// every shape at once. It may say yes for a text that holds nothing (the masks then decide, as
// before), never no for one they would change: it looks for a superset of what each of their
// first tests needs, and test/model/may-hide-secret.test.ts holds it to them on random texts.

/** The length of an AWS secret access key, all of A-Z, a-z, 0-9, `/` and `+` (aws-secret-key.ts). */
const RUN = 40;

/**
 * False when no shape maskSecretShapes or hiddenSecretShape hides can be in `text`: no `://`
 * (a URL password), no run of 40 base64 characters (an AWS secret access key), and none of the
 * literals MAY_BE_HIDDEN needs (secret-shapes.ts: `gh?_`, `github_pat_`, `xox` and `xapp-` in
 * any case, `-----BEGIN `, `eyJ`, `sk-`, `k_live_`, `AIza`, `npm_`, `glpat-`, `hooks.slack.com/`,
 * `Q~`). A literal added there must be added here: test/model/may-hide-secret.test.ts reads
 * MAY_BE_HIDDEN itself and fails on a literal this misses.
 */
export function mayHideSecret(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // c | 32 is the lower case of an ASCII letter, and a letter only for one.
    const lower = c | 32;
    if ((lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) || c === 47 || c === 43) {
      if (++run >= RUN) return true;
      // `xox` (a Slack token), any case.
      if (lower === 120 && i >= 2 && (text.charCodeAt(i - 1) | 32) === 111 && (text.charCodeAt(i - 2) | 32) === 120) return true;
      // `eyJ` (a JSON Web Token).
      if (c === 74 && i >= 2 && text.charCodeAt(i - 1) === 121 && text.charCodeAt(i - 2) === 101) return true;
      // `AIza` (a Google API key).
      if (c === 97 && i >= 3 && text.charCodeAt(i - 1) === 122 && text.charCodeAt(i - 2) === 73 && text.charCodeAt(i - 3) === 65) return true;
      continue;
    }
    run = 0;
    if (c === 95 && i >= 1) {
      // `gh?_` (`ghp_`, `gho_`, …) and `github_`, any case: a `_` after `h?` or `b`, more than they need.
      const before = text.charCodeAt(i - 1) | 32;
      if (before === 98 || (i >= 2 && (text.charCodeAt(i - 2) | 32) === 104)) return true;
      // `k_live_` (a Stripe key) and `npm_`.
      if (text.startsWith("k_live_", i - 1) || (i >= 3 && text.startsWith("npm", i - 3))) return true;
    } else if (c === 45) {
      // `sk-`, and `-----BEGIN `.
      if (i >= 2 && text.charCodeAt(i - 1) === 107 && text.charCodeAt(i - 2) === 115) return true;
      if (text.startsWith("-----BEGIN ", i)) return true;
      // `glpat-` (a GitLab token), and `xapp-` in any case (a Slack app-level token).
      if (i >= 5 && text.startsWith("glpat", i - 5)) return true;
      if (i >= 4 && (text.charCodeAt(i - 4) | 32) === 120 && (text.charCodeAt(i - 3) | 32) === 97 && (text.charCodeAt(i - 2) | 32) === 112 && (text.charCodeAt(i - 1) | 32) === 112) return true;
    } else if (c === 58) {
      // `://` (a URL, which may hold a password or a credential in its query).
      if (text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) return true;
    } else if (c === 46) {
      // `hooks.slack.com/` (a Slack webhook written without its scheme).
      if (i >= 5 && text.startsWith("hooks.slack.com/", i - 5)) return true;
    } else if (c === 126) {
      // `Q~` (an Entra client secret).
      if (i >= 1 && text.charCodeAt(i - 1) === 81) return true;
    }
  }
  return false;
}
