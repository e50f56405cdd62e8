// The choices of the list of one's organisations (member-overview.server.ts), also read by the page's component.

/** `telaat`: the due date passed without a submission, or the first submission came after it. */
export const MEMBER_FILTERS = ["none", "draft", "submitted", "returned", "accepted", "telaat"] as const;
export type MemberFilter = (typeof MEMBER_FILTERS)[number];
export const MEMBER_SORTS = ["naam", "werk", "uiterlijk"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
