// The logins a kind of target can have at all. A login outside them is no user of the target: an
// invitation to it fails at apply, and, when it replaces a login that is someone's, the plan takes
// the real account away for one that cannot exist. GitHub's is the one known here:
//
// - GitHub.com and GitHub Enterprise Server: "Username may only contain alphanumeric characters or
//   single hyphens, and cannot begin or end with a hyphen", at most 39 characters (the sign-up
//   form's rule; GHES: "Usernames for user accounts on GitHub Enterprise Server can only contain
//   alphanumeric characters and dashes (-)" and "must not exceed 39 characters"). Alphanumeric is
//   ASCII: a Cyrillic "а" or a full-width "ａ" is no letter of a GitHub login.
// - Enterprise Managed Users (the target's options.enterpriseManagedUsers): GitHub makes each
//   login from the IdP's identifier, normalised as above, and "adds an underscore and your
//   enterprise's shortcode" ("an alphanumeric string between three and eight characters"; the
//   setup user is SHORTCODE_admin), within the same 39 characters.
//   https://docs.github.com/en/enterprise-cloud@latest/admin/managing-iam/iam-configuration-reference/username-considerations-for-external-authentication
//
// An older GitHub account can keep a login the form no longer allows (a trailing or doubled
// hyphen); such a login is one the target's own read shows, and the planner does not refuse it.

/** What a target's logins must look like: the test, and the rule in words for a finding. */
export interface LoginSyntax {
  readonly test: (login: string) => boolean;
  /**
   * Whether an older account can still have it though a new one cannot (GitHub: a leading,
   * trailing or doubled hyphen the sign-up form once allowed); such a login is the target's only
   * where its read shows it, which validate cannot see.
   */
  readonly olderTest: (login: string) => boolean;
  /** The rule, as a finding or a diagnostic states it. */
  readonly rule: string;
}

const GITHUB_HANDLE = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
const GITHUB_EMU = /^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*)_[A-Za-z0-9]{3,8}$/;
const GITHUB_MAX = 39;
const GITHUB_OLDER = /^[A-Za-z0-9-]+$/;
const GITHUB_OLDER_EMU = /^[A-Za-z0-9-]+_[A-Za-z0-9]{3,8}$/;

const GITHUB: LoginSyntax = {
  test: (login) => login.length <= GITHUB_MAX && GITHUB_HANDLE.test(login),
  olderTest: (login) => login.length <= GITHUB_MAX && GITHUB_OLDER.test(login),
  rule: "a GitHub login has only ASCII letters, digits and single hyphens, neither begins nor ends with a hyphen, and has at most 39 characters",
};

const GITHUB_EMU_SYNTAX: LoginSyntax = {
  test: (login) => login.length <= GITHUB_MAX && (GITHUB_HANDLE.test(login) || GITHUB_EMU.test(login)),
  olderTest: (login) => login.length <= GITHUB_MAX && (GITHUB_OLDER.test(login) || GITHUB_OLDER_EMU.test(login)),
  rule: "a GitHub login has only ASCII letters, digits and single hyphens, neither begins nor ends with a hyphen, and has at most 39 characters; in an Enterprise Managed Users org it may end in _ and the enterprise's shortcode (3 to 8 letters or digits)",
};

/** The syntax of a target's logins, by its type and options (scopesync.yaml); undefined where any login the other checks allow may be one. */
export function loginSyntaxOf(type: string | undefined, options: Readonly<Record<string, unknown>> | undefined): LoginSyntax | undefined {
  if (type !== "github") return undefined;
  return options?.enterpriseManagedUsers === true ? GITHUB_EMU_SYNTAX : GITHUB;
}
