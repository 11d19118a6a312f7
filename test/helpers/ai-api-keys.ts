import { prng } from "./prng.js";

// Synthetic keys in the AI vendors' shapes, built at run time from a seeded PRNG so that no
// key-shaped literal sits in the repository (GitHub's push protection would stop it, and so it
// should). The shapes, and where each is documented, are in src/model/ai-api-key-shapes.ts:
// Anthropic `sk-ant-api03-<93 base64url>AA` (the rule Anthropic gave GitLab), OpenAI
// `sk-proj-` / `sk-svcacct-` / `sk-admin-` with `T3BlbkFJ` ("OpenAI" in base64) between two
// base64url halves of 74 or 58, and the older `sk-<20>T3BlbkFJ<20>` user keys.

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ALNUM = BASE64URL.slice(0, 62);
/** "OpenAI" in base64: in every key OpenAI has issued. */
const OPENAI_MARK = ["T3Bl", "bkFJ"].join("");

/** `n` characters of `alphabet`, with a `-` and a `_` in each run of 20 so no 40-character
 * AWS-secret-key-shaped run forms (that would be hidden for another reason). */
function body(random: () => number, n: number, alphabet: string): string {
  let text = "";
  for (let i = 0; i < n; i++) text += alphabet === BASE64URL && i % 20 === 7 ? "-" : alphabet === BASE64URL && i % 20 === 15 ? "_" : alphabet[Math.floor(random() * alphabet.length)];
  return text;
}

export interface AiKey { what: "Anthropic API key" | "OpenAI API key"; kind: string; key: string }

/** One key of each kind the vendors issue, different for each seed. */
export function aiApiKeys(seed: number): AiKey[] {
  const random = prng(seed);
  const sk = (rest: string): string => ["sk", rest].join("-");
  return [
    { what: "Anthropic API key", kind: "Anthropic API key", key: sk(`ant-api03-${body(random, 93, BASE64URL)}AA`) },
    { what: "Anthropic API key", kind: "Anthropic Admin API key", key: sk(`ant-admin01-${body(random, 93, BASE64URL)}AA`) },
    { what: "Anthropic API key", kind: "Anthropic OAuth token", key: sk(`ant-oat01-${body(random, 100, BASE64URL)}`) },
    { what: "OpenAI API key", kind: "OpenAI project key", key: sk(`proj-${body(random, 74, BASE64URL)}${OPENAI_MARK}${body(random, 74, BASE64URL)}`) },
    { what: "OpenAI API key", kind: "OpenAI service-account key", key: sk(`svcacct-${body(random, 74, BASE64URL)}${OPENAI_MARK}${body(random, 74, BASE64URL)}`) },
    { what: "OpenAI API key", kind: "OpenAI admin key", key: sk(`admin-${body(random, 58, BASE64URL)}${OPENAI_MARK}${body(random, 58, BASE64URL)}`) },
    { what: "OpenAI API key", kind: "OpenAI user key", key: sk(`${body(random, 20, ALNUM)}${OPENAI_MARK}${body(random, 20, ALNUM)}`) },
    { what: "OpenAI API key", kind: "OpenAI named project key", key: sk(`support-bot-${body(random, 20, ALNUM)}${OPENAI_MARK}${body(random, 20, ALNUM)}`) },
  ];
}
