import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  // The whole route manifest as one cached file (3 KB gzip), instead of a partial manifest in every
  // page: building that matched the URL against every route once per path segment, a tenth of the
  // server time of a deep page such as the report form (docs/performance.md).
  routeDiscovery: { mode: "initial" },
  future: {
    v8_middleware: true,
  },
} satisfies Config;
