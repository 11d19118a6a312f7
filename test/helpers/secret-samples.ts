import { aiApiKeys } from "./ai-api-keys.js";

// One value of each shape of secret the masks hide (src/model/secret-shapes.ts), built at run time
// so that no secret-shaped literal sits in the repository.

export interface SecretSample { what: string; value: string }

export function secretSamples(): SecretSample[] {
  const join = (...parts: string[]): string => parts.join("");
  return [
    { what: "GitHub token", value: join("ghp", "_", "B0ssT0kenValue0123456789abcdefABCDEF") },
    { what: "GitHub token (upper case)", value: join("GHO", "_", "B0SST0KENVALUE0123456789ABCDEFABCDEF") },
    { what: "GitHub fine-grained token", value: join("github", "_pat_", "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ") },
    { what: "Slack token", value: join("xox", "b-", "1234567890-abcdefghij") },
    { what: "private key", value: join("-----BEGIN ", "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----") },
    { what: "JSON Web Token", value: join("ey", "JhbGciOiJIUzI1NiJ9.", "ey", "JzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXRlc3Q") },
    { what: "API secret key", value: join("sk", "-", "live", "-", "abcdefghijklmnopqrstuvwx0123") },
    { what: "password in a URL", value: join("https://ci:", "s3cr3t", "@git.example.com/repo") },
    { what: "AWS secret access key", value: join("wJalrXUtnFEMI/K7MDENG", "/bPxRfiCYEXAMPLEKEY") },
    { what: "Slack token (app-level)", value: join("xapp", "-1-A0123456789-1234567890123-", "abcdef0123456789") },
    { what: "private key (PGP)", value: join("-----BEGIN ", "PGP PRIVATE KEY BLOCK-----\n\nlQOYBGVz\n-----END PGP PRIVATE KEY BLOCK-----") },
    { what: "Stripe API key", value: join("sk", "_live_", "51Hx0123456789abcdefABCDEF") },
    { what: "Stripe API key (restricted)", value: join("rk", "_live_", "51Hx0123456789abcdefABCDEF") },
    { what: "Google API key", value: join("AI", "za", "SyD0123456789abcdefghij_-ABCDEFGHIJ") },
    { what: "npm access token", value: join("npm", "_", "0123456789abcdefghijABCDEFGHIJ012345") },
    { what: "GitLab access token", value: join("glpat", "-", "z_sxgtrfAxKr8q1TPY8Y01") },
    { what: "Slack webhook URL", value: join("https://hooks.slack", ".com/services/", "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX") },
    { what: "Entra client secret", value: join("abc8", "Q~", "defghijklmnopqrstuvwxyz-_.~0123456") },
    { what: "URL query parameter", value: join("https://acme.blob.core.windows.net/c/f.pdf?sv=2022-11-02&", "sig=", "Zm9vYmFyU0FTc2lnbmF0dXJl") },
    ...aiApiKeys(3).map(({ kind, key }) => ({ what: kind, value: key })),
  ];
}
