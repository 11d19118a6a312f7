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
    ...aiApiKeys(3).map(({ kind, key }) => ({ what: kind, value: key })),
  ];
}
