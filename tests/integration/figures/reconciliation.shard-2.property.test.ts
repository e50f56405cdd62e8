// Part 2 of the figures reconciliation (tests/integration/figures/reconciliation.ts).
import { reconciliationShard } from "./reconciliation";

reconciliationShard(1);
