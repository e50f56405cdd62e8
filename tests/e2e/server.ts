import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";

// The end-to-end servers (tests/e2e/global-setup.ts starts E2E_WORKERS of them, ./workers.ts) and
// the one each running test file uses.

/** One built portal on loopback with its own demo database, mail folder and log. */
export type E2EServer = {
  baseURL: string;
  databaseFile: string;
  /** The server writes its e-mail here as .eml files (MAIL_CAPTURE_DIR). */
  mailDir: string;
  /** Everything the server writes to stdout and stderr, appended as it comes. */
  serverLogFile: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    e2eServers: E2EServer[];
    /** Where the files claim a server (one directory per server in use). */
    e2eClaimDir: string;
    sessionSecret: string;
  }
}

let claimed: { index: number; lock: string } | null = null;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The server of the running test file. The first call claims a free one (an atomic mkdir of its
 * lock directory; a lock left by a process that is gone is taken over), tests/e2e/setup.ts gives
 * it back after the file.
 */
export function e2eServer(): E2EServer {
  const servers = inject("e2eServers");
  if (claimed) return servers[claimed.index]!;
  const dir = inject("e2eClaimDir");
  for (let index = 0; index < servers.length; index++) {
    const lock = path.join(dir, `server-${index}`);
    try {
      fs.mkdirSync(lock);
    } catch {
      // In use, unless its owner is gone (a worker that crashed). No pid yet: being claimed now.
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {
        continue;
      }
      if (!owner || owner === process.pid || alive(owner)) continue;
    }
    fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
    claimed = { index, lock };
    return servers[index]!;
  }
  throw new Error(`All ${servers.length} end-to-end servers are in use: vitest.config.ts runs more e2e files at once than E2E_WORKERS`);
}

/** Gives the file's server back (tests/e2e/setup.ts, after the file). */
export function releaseE2EServer(): void {
  if (!claimed) return;
  fs.rmSync(claimed.lock, { recursive: true, force: true });
  claimed = null;
}

