// The choices of the list of one's organisations (member-overview.server.ts), also read by the page's component.

/**
 * `verstreken`: the due date passed and nothing was submitted yet; `telaat`: that, or the first
 * submission came after the due date.
 */
export const MEMBER_FILTERS = ["none", "draft", "submitted", "returned", "accepted", "verstreken", "telaat"] as const;
export type MemberFilter = (typeof MEMBER_FILTERS)[number];
export const MEMBER_SORTS = ["naam", "werk", "uiterlijk"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
