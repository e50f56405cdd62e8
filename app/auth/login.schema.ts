import { z } from "~/utils/zod";

// One schema for the login form, used by the browser (Conform) and the server.
export const loginSchema = z.object({
  email: z
    .string({ error: "Vul uw e-mailadres in." })
    .trim()
    .max(254, "Een e-mailadres is hoogstens 254 tekens lang.")
    .pipe(z.email({ error: "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl." })),
  password: z.string({ error: "Vul uw wachtwoord in." }).max(200, "Een wachtwoord is hoogstens 200 tekens lang."),
  // A hidden field the user never sees: anything odd in it (too long, sent twice) is dropped, and
  // safeRedirectPath decides where to go, rather than an error the page cannot show.
  redirectTo: z.string().max(500).optional().catch(undefined),
});

export type LoginInput = z.infer<typeof loginSchema>;
