import { readPlanFile, type StoredFile } from "~/models/plan-file.server";

/** A stored plan PDF as an attachment download, or null when the file is not there. */
export function planFileDownload(file: StoredFile | null): Response | null {
  const body = file ? readPlanFile(file) : null;
  if (!file || !body) return null;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(body.length),
      "Content-Disposition": `attachment; filename="${file.name.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "")}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
