import { AsyncLocalStorage } from "node:async_hooks";
import { DEMO_CLOCK } from "~/utils/time";

// The demo seed's clock (db/seed.ts): code run inside `atMoment` reads that moment from nowIso()
// and todayInNL(), so a demo report "submitted on 15 March" carries that date in every record
// (version, answers, audit trail) instead of the moment the seed ran. Outside `atMoment` the hook
// returns undefined and the real clock applies; the server never calls it.

const moment = new AsyncLocalStorage<string>();

export function atMoment<T>(iso: string, run: () => Promise<T>): Promise<T> {
  if (Number.isNaN(Date.parse(iso))) throw new Error(`atMoment: not a moment: ${iso}`);
  (globalThis as { [DEMO_CLOCK]?: () => string | undefined })[DEMO_CLOCK] ??= () => moment.getStore();
  return moment.run(new Date(iso).toISOString(), run);
}
