/** A query string from the given parameters, leaving out empty ones: query({ jaar: 2025 }) -> "?jaar=2025". */
export const query = (params: Record<string, string | number | undefined>) =>
  "?" +
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&");
