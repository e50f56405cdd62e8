import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { makeTemplate, SEED_KINDS, type SeedKind } from "./db";

/**
 * Global set-up of the integration project: the template databases of tests/helpers/db.ts (empty,
 * base and demo data, each migrated) made once per run instead of once per test file's process.
 * Each file's tests copy them. Migrating and seeding the demo data costs about a second of CPU, and
 * the project has some thirty files, most of them short. In watch mode they are made once per
 * watch session: after changing a migration or the seed, start Vitest again.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-templates-"));
  const files = {} as Record<SeedKind, string>;
  for (const kind of SEED_KINDS) {
    const file = path.join(dir, `${kind}.sqlite`);
    await makeTemplate(file, kind);
    files[kind] = file;
  }
  project.provide("dbTemplates", files);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplates: Record<SeedKind, string>;
  }
}
