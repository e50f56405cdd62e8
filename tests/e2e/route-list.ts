// Every route of app/routes.ts with its full path, and a sample URL for it: shared by the
// authorization matrix and the hostile-URL test.
import routes from "../../app/routes";

type Route = { file: string; path?: string; index?: boolean; children?: Route[] };
export type ListedRoute = { file: string; path: string; chain: string[] };

/** Every route with a URL, its full path and the files of the route and its layouts. */
export function listRoutes(list: Route[] = routes, prefix = "", chain: string[] = []): ListedRoute[] {
  return list.flatMap((r) => {
    // prefix() gives an index route a path of its own ("ministerie"), so use it when present.
    const path = r.path ? `${prefix}/${r.path}` : prefix || "/";
    const files = [...chain, r.file];
    const self = r.index || r.path ? [{ file: r.file, path: path.replace(/\/+/g, "/"), chain: files }] : [];
    return [...self, ...listRoutes(r.children ?? [], path, files)];
  });
}

/** A URL for the route with demo values; `values` replaces any parameter. */
export function sample(path: string, slug: string, values: Partial<Record<string, string>> = {}): string {
  const defaults: Record<string, string> = {
    slug,
    year: "2024",
    number: "1",
    actionId: "1",
    section: "algemeen",
    file: "overzicht.csv",
    id: "1",
    token: "onbekend",
    code: "inkoopvolume",
    lineage: "1",
  };
  return path
    .replace(/:([A-Za-z]+)/g, (_, name: string) => values[name] ?? defaults[name] ?? name)
    .replace("/*", "/bestaat-niet")
    .replace(/\?$/, "");
}
