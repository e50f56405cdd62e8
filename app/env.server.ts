import os from "node:os";
import { z } from "~/utils/zod";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: z.string().min(1).default("data/mvoi.sqlite"),
    SESSION_SECRET: z.string().optional(),
    /** The portal's public origin (https://mvoi.example.nl). Without it, the Host header decides. */
    PUBLIC_ORIGIN: z.url().optional(),
    /** Set to 1 behind a reverse proxy, so the client IP comes from X-Forwarded-For. */
    TRUST_PROXY: z.enum(["0", "1"]).default("0"),
    /** Login attempts allowed per IP address per minute. */
    LOGIN_IP_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    // Rate limits (docs/operations.md): requests over a limit are answered 429 with Retry-After;
    // 0 turns a limit off (nothing is counted).
    /** Form posts and uploads per IP address per minute (an office behind one address counts as one). */
    RATE_LIMIT_POSTS_PER_IP_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    /** Form posts and uploads per session per minute (a person typing saves at most every 2 seconds). */
    RATE_LIMIT_POSTS_PER_SESSION_PER_MINUTE: z.coerce.number().int().min(0).default(120),
    /** Uploads (a plan's pdf, a filled-in spreadsheet) per session per minute. */
    RATE_LIMIT_UPLOADS_PER_SESSION_PER_MINUTE: z.coerce.number().int().min(0).default(10),
    /** "Wachtwoord vergeten" requests per e-mail address per hour, whether or not it has an account. */
    RATE_LIMIT_RESETS_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(0).default(5),
    /** Invitations sent to one e-mail address per hour. */
    RATE_LIMIT_INVITATIONS_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(0).default(5),
    // Admission control (app/server/admission.server.ts): beyond these, 503 with Retry-After at once.
    /** Requests in progress at most (logins and form posts may use all of them). */
    ADMISSION_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(16),
    /** Of those, kept free for logins and form posts: page views and exports use at most the rest. */
    ADMISSION_PRIORITY_RESERVE: z.coerce.number().int().min(0).default(4),
    /**
     * Password checks (logins, reset and invitation links) in progress at most: each takes a core
     * for tens of milliseconds, so by default half the cores (at least one).
     */
    ADMISSION_MAX_LOGINS: z.coerce
      .number()
      .int()
      .min(1)
      .default(Math.max(1, Math.floor(os.availableParallelism() / 2))),
    /** Uploads (a plan's pdf, a filled-in spreadsheet) in progress at most: each streams up to 11 MB. */
    ADMISSION_MAX_UPLOADS: z.coerce.number().int().min(1).default(2),
    /** Exports (csv, xlsx, pdf) in progress at most. */
    ADMISSION_MAX_EXPORTS: z.coerce.number().int().min(1).default(2),
    /** Requests waiting for room at most; one more is refused at once. */
    ADMISSION_MAX_QUEUE: z.coerce.number().int().min(0).default(64),
    /** How long a request waits for room at most, in milliseconds, before it is refused. */
    ADMISSION_MAX_WAIT_MS: z.coerce.number().int().min(0).default(500),
    /** The Retry-After of a refusal, in seconds. */
    ADMISSION_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).default(5),
    /** Largest request body accepted, in bytes; larger ones are answered 413. */
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    /** 0 leaves compression to a reverse proxy in front of the portal. */
    COMPRESS_RESPONSES: z.enum(["0", "1"]).default("1"),
    /** Outgoing e-mail: smtp://user:password@host:587 (smtps:// for TLS on connect). */
    SMTP_URL: z.url().optional(),
    /** Sender of the portal's e-mail. */
    MAIL_FROM: z.string().min(3).default("MVOI-portaal <noreply@mvoi.example>"),
    /** Without SMTP_URL, messages are written here as .eml files (development default: data/mail). */
    MAIL_CAPTURE_DIR: z.string().optional(),
    /**
     * Where to report a vulnerability, in /.well-known/security.txt (RFC 9116): an https:, mailto: or
     * tel: address. The default is the NCSC, the coordinated vulnerability disclosure desk of the Rijksoverheid.
     */
    SECURITY_CONTACT: z.url({ protocol: /^(https|mailto|tel)$/ }).default("https://www.ncsc.nl/contact/kwetsbaarheid-melden"),
    /** 0 silences the one-line-per-request log. */
    LOG_REQUESTS: z.enum(["0", "1"]).default("1"),
  })
  .superRefine((value, ctx) => {
    if (value.ADMISSION_PRIORITY_RESERVE >= value.ADMISSION_MAX_IN_FLIGHT) {
      ctx.addIssue({
        code: "custom",
        path: ["ADMISSION_PRIORITY_RESERVE"],
        message: "must be smaller than ADMISSION_MAX_IN_FLIGHT (page views need room too)",
      });
    }
    if (value.NODE_ENV === "production" && (!value.SESSION_SECRET || value.SESSION_SECRET.length < 32)) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "SESSION_SECRET is required in production (at least 32 characters)",
      });
    }
  });

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string };

let cached: Env | undefined;

/** Parsed once; fails fast with every problem listed. scripts/prepare-start.ts fills SESSION_SECRET in development. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const secret = parsed.data.SESSION_SECRET;
  if (!secret) {
    throw new Error("SESSION_SECRET is not set (npm start generates one for development)");
  }
  cached = { ...parsed.data, SESSION_SECRET: secret };
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production";
