import { createCookie, type Cookie } from "react-router";
import { env, isProduction } from "~/env.server";

/**
 * One of the portal's own cookies, made once on first use: signed with SESSION_SECRET
 * (comma-separate several secrets to rotate: the first signs, all verify), HttpOnly,
 * SameSite=Lax, and in production Secure with the __Host- prefix. `maxAgeSeconds` left out: the
 * browser forgets it when closed.
 */
export function portalCookie(name: string, options: { maxAgeSeconds?: number } = {}): () => Cookie {
  let cookie: Cookie | undefined;
  return () =>
    (cookie ??= createCookie(isProduction() ? `__Host-${name}` : name, {
      httpOnly: true,
      sameSite: "lax",
      secure: isProduction(),
      path: "/",
      ...(options.maxAgeSeconds === undefined ? {} : { maxAge: options.maxAgeSeconds }),
      secrets: env().SESSION_SECRET.split(","),
    }));
}
