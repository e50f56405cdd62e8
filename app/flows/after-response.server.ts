/** Work handed over by requests, done one task after another once their answers are on their way. */
let queue: Promise<void> = Promise.resolve();

/**
 * Does `task` after the current request has answered: it starts in a later turn of the event
 * loop than the one that hands the answer to the connection (provided nothing in between waits;
 * a reset form's action does not). For work whose duration must not show in the answer,
 * such as the password-reset form's work for an address with an account (an address without one
 * has none, and the form must answer both alike). A failing task is logged; nothing retries it,
 * so use this only where the user can simply ask again.
 */
export function afterResponse(label: string, task: () => Promise<void>): void {
  queue = queue
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(task)
    .catch((error: unknown) => console.error(`${label}:`, error));
}

/** Resolves once every task handed over so far is done (the server waits for it when it stops; tests too). */
export function drainAfterResponse(): Promise<void> {
  return queue;
}
