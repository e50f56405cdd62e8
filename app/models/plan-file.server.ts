import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "~/env.server";
import { MAX_PDF_BYTES, type UploadProblem } from "~/models/action-plan.schema";

// Uploaded plan PDFs live outside the database, next to it, named by their SHA-256 (so the same
// file is stored once and a file's name in the database can never point outside the folder).

export function uploadsDir(): string {
  return path.join(path.dirname(path.resolve(env().DATABASE_URL)), "uploads");
}

export type StoredFile = { name: string; sha256: string; size: number };

/** A safe display name: no folders, no control characters, ends in .pdf. */
export function cleanFileName(name: string): string {
  const base = path
    .basename(name.replace(/\\/g, "/"))
    // eslint-disable-next-line no-control-regex -- control characters are what a file name loses here
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
    .trim()
    .slice(0, 150);
  const withoutExt = base.replace(/\.pdf$/i, "") || "actieplan";
  return `${withoutExt}.pdf`;
}

/** Checks the upload by its content (a PDF starts with "%PDF-"), then stores it. */
export async function storePlanFile(file: File): Promise<{ ok: true; file: StoredFile } | { ok: false; problem: UploadProblem }> {
  if (file.size === 0) return { ok: false, problem: "empty" };
  if (file.size > MAX_PDF_BYTES) return { ok: false, problem: "too_large" };
  const bytes = Buffer.from(await file.arrayBuffer());
  if (bytes.subarray(0, 5).toString("latin1") !== "%PDF-") return { ok: false, problem: "not_pdf" };
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const dir = uploadsDir();
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `${sha256}.pdf`);
  if (!fs.existsSync(target)) {
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(temp, bytes, { mode: 0o640 });
    fs.renameSync(temp, target);
  }
  return { ok: true, file: { name: cleanFileName(file.name), sha256, size: bytes.length } };
}

/** The stored file's bytes, or null when it is missing on disk (or the hash is not one of ours). */
export function readPlanFile(file: StoredFile): Buffer | null {
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) return null;
  const target = path.join(uploadsDir(), `${file.sha256}.pdf`);
  return fs.existsSync(target) ? fs.readFileSync(target) : null;
}
