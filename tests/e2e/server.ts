import { inject } from "vitest";

// The end-to-end servers (tests/e2e/global-setup.ts starts E2E_SERVERS of them, tests/workers.ts) and
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
    sessionSecret: string;
  }
}

/**
 * The server of the running test file: the one numbered after the file's worker. Vitest numbers
 * the workers of a group 1 to maxWorkers (VITEST_POOL_ID) and no two running files share a number,
 * so two files never use one server at the same time; the servers are reused one file after
 * another.
 */
export function e2eServer(): E2EServer {
  const servers = inject("e2eServers");
  const worker = Number(process.env.VITEST_POOL_ID);
  const server = servers[worker - 1];
  if (!server)
    throw new Error(
      `No e2e server for worker ${process.env.VITEST_POOL_ID}: vitest.config.ts runs more files at once than the ${servers.length} servers of tests/e2e/global-setup.ts (E2E_SERVERS)`,
    );
  return server;
}
