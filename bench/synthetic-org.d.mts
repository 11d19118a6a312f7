// Types for the synthetic organisation generator (synthetic-org.mjs), for the tests that use it.
export declare const NOW: string;
/** The IAM credential report's columns, as GetCredentialReport writes them. */
export declare const REPORT_HEADER: string;
export declare function generateOrg(dir: string, options: { people: number; nhis: number; apps?: number; discovered?: number; seed?: number }): Promise<{ people: number; nhis: number; apps: number; groups: number; accounts: number }>;
