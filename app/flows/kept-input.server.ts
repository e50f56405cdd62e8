import { portalCookie } from "~/flows/portal-cookie.server";
import type { CurrentUser } from "~/context";
import { getDb } from "~/database/instance.server";
import { KEPT_INPUT_MINUTES, keepInput, takeInput, type KeptFields } from "~/models/kept-input.server";

// A form posted after the session timed out (see kept-input.server.ts in models): its fields are
// kept for this browser, and the login page says so; after logging in, the same page shows them
// again, not saved yet. The cookie holds only a random id, signed with SESSION_SECRET, HttpOnly,
// SameSite=Lax, __Host- and Secure in production, for 15 minutes.

const keptCookie = portalCookie("mvoi_invoer", { maxAgeSeconds: KEPT_INPUT_MINUTES * 60 });

/**
 * The page a request is for, as the login sends the user back to it: the path and query, without
 * what React Router adds to its data requests (".data", "_routes", "index").
 */
export function pageOf(request: Request): string {
  const url = new URL(request.url);
  const path = url.pathname.endsWith(".data") ? url.pathname.slice(0, -".data".length) || "/" : url.pathname;
  url.searchParams.delete("_routes");
  if (url.searchParams.get("index") === "") url.searchParams.delete("index");
  const query = url.searchParams.toString();
  return path === "/_root" ? "/" : `${path}${query ? `?${query}` : ""}`;
}

async function keptId(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("mvoi_invoer")) return null;
  const value: unknown = await keptCookie().parse(header);
  return typeof value === "string" && value ? value : null;
}

export type KeptOutcome = "kept" | "kept-without-files" | "too-large" | "unreadable";

/**
 * Keeps what a form post held for the user whose session just ended: the Set-Cookie header to
 * send with the way to the login page, and what happened (for its message).
 */
export async function keepPostedInput(request: Request, userId: number): Promise<{ outcome: KeptOutcome; setCookie: string | null }> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return { outcome: "unreadable", setCookie: null };
  }
  const fields: KeptFields = [];
  let files = false;
  for (const [name, value] of form) {
    if (typeof value === "string") fields.push([name, value]);
    else files = true;
  }
  const id = await keepInput(getDb(), { userId, path: pageOf(request), fields, filesLeftOut: files, previousId: await keptId(request) });
  if (!id) return { outcome: "too-large", setCookie: null };
  return { outcome: files ? "kept-without-files" : "kept", setCookie: await keptCookie().serialize(id) };
}

export type RestoredInput = { fields: KeptFields; filesLeftOut: boolean };

/** The input this browser kept for this user and page, once (the page then shows it again). */
export async function restoreInput(request: Request, user: CurrentUser): Promise<RestoredInput | null> {
  if (request.method !== "GET") return null;
  const id = await keptId(request);
  if (!id) return null;
  return takeInput(getDb(), { id, userId: user.id, path: pageOf(request) });
}
