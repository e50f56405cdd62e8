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
