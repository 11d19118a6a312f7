// Apps that ignore paging altogether: every list answers all the app holds, whatever startIndex
// and count say. WSO2 IS did ("Pagination is not working without 'filter' in SCIM2 ... Current
// result: Retrieve all users across all user stores", https://github.com/wso2/product-is/issues/4601;
// wso2/product-is#11889 when filtering by groups), and so did GitLab until it "Paginates SCIM
// results using count and startIndex" (https://gitlab.com/gitlab-org/gitlab/merge_requests/14892).
// RFC 7644 section 3.4.2.4 forbids answering more than `count`, but such an answer is still whole
// (once, by index, the page after it shows that startIndex is ignored too: over-sized.ts).
// It cannot be the capped shape the read guards against (AWS IAM Identity Center, awslabs/ssosync#1:
// at most the count asked, totalResults the size of that page), which never holds more than asked.

/**
 * A first answer that holds more resources than the `count` asked for, with a `totalResults` equal
 * to what it holds: the server ignored count and, by cursor, gave its whole list. By index the page
 * after it tells whether it did (over-sized.ts): an app that ignores count but honours startIndex,
 * and reports its page's size as totalResults, answers its first page so too.
 */
export function isWholeUnpagedList(page: { totalResults?: unknown }, resources: readonly unknown[], count: number): boolean {
  return resources.length > count && page.totalResults === resources.length;
}
