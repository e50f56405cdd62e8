// Part 1 of the figures reconciliation (tests/integration/figures/reconciliation.ts).
import { reconciliationShard } from "./reconciliation";

reconciliationShard(0);
