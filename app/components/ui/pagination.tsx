import { useLocation } from "react-router";
import { AppLink } from "~/components/ui/link";

export const PAGE_SIZE = 50;

/** Which slice of a list to show, from ?pagina= (1-based; anything odd falls back to 1). */
export function pageOf<T>(items: T[], request: Request, size = PAGE_SIZE) {
  const asked = Number(new URL(request.url).searchParams.get("pagina"));
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Number.isInteger(asked) && asked >= 1 && asked <= pages ? asked : 1;
  return { items: items.slice((page - 1) * size, page * size), page, pages, total: items.length };
}

/** Previous / next links that keep the other filters in the URL. */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("pagina", String(p));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav className="utrecht-pagination mvoi-pagination" aria-label="Paginering">
      {page > 1 ? (
        <AppLink className="nl-link" to={href(page - 1)} rel="prev">
          Vorige pagina
        </AppLink>
      ) : null}
      <span aria-current="page">
        Pagina {page} van {pages}
      </span>
      {page < pages ? (
        <AppLink className="nl-link" to={href(page + 1)} rel="next">
          Volgende pagina
        </AppLink>
      ) : null}
    </nav>
  );
}
