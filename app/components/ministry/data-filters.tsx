import { FilterSelect } from "~/components/forms/filter-select";

export const BASIS_OPTIONS = [
  { value: "geaccepteerd", label: "Alleen geaccepteerd" },
  { value: "ingediend", label: "Ingediend en geaccepteerd" },
];

/** The year and "which reports" selects shared by the ministry's overviews (GET forms). */
export function DataFilters({ years, year, basis }: { years?: number[]; year?: number; basis: string }) {
  return (
    <>
      {years && year !== undefined ? (
        <FilterSelect id="jaar" label="Jaar" value={year} options={years.map((y) => ({ value: y, label: String(y) }))} />
      ) : null}
      <FilterSelect id="data" label="Welke rapportages" value={basis} options={BASIS_OPTIONS} />
    </>
  );
}
