import { z } from "~/utils/zod";
import { KINDS, SECTORS } from "~/models/organisation.labels";

// Shared by browser and server: the enums that the database's CHECK constraints hold, as schemas.
// The labels and small rules live in organisation.labels.ts (without Zod) and are re-exported here.
export * from "~/models/organisation.labels";

export const sectorSchema = z.enum(SECTORS);
export const kindSchema = z.enum(KINDS);
