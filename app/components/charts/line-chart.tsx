import { useId } from "react";

/** A point with no value (null) is not drawn; an open point is drawn hollow (trends: a year of low response). */
export type Series = { key: string; label: string; points: { x: number; y: number | null; open?: boolean }[] };

// Rijkshuisstijl colours with at least 3:1 contrast on white, each with its own dash pattern and
// marker shape, so lines are told apart without colour too.
const STYLES = [
  { color: "var(--rhc-color-lintblauw-500, #154273)", dash: "", marker: "circle" },
  { color: "var(--rhc-color-robijnrood-500, #ca005d)", dash: "6 4", marker: "square" },
  { color: "var(--rhc-color-donkergroen-500, #275937)", dash: "2 3", marker: "triangle" },
  { color: "var(--rhc-color-oranje-500, #e17000)", dash: "10 4 2 4", marker: "diamond" },
  { color: "var(--rhc-color-paars-500, #42145f)", dash: "1 5", marker: "circle" },
  { color: "var(--rhc-color-donkerbruin-500, #673327)", dash: "12 3", marker: "square" },
] as const;

const nf = new Intl.NumberFormat("nl-NL", { notation: "compact", maximumFractionDigits: 1 });

function Marker({ shape, x, y, color, open }: { shape: string; x: number; y: number; color: string; open?: boolean }) {
  const paint = open ? { fill: "#fff", stroke: color, strokeWidth: 2 } : { fill: color };
  if (shape === "square") return <rect x={x - 4} y={y - 4} width={8} height={8} {...paint} />;
  if (shape === "triangle") return <polygon points={`${x},${y - 5} ${x + 5},${y + 4} ${x - 5},${y + 4}`} {...paint} />;
  if (shape === "diamond") return <polygon points={`${x},${y - 5} ${x + 5},${y} ${x},${y + 5} ${x - 5},${y}`} {...paint} />;
  return <circle cx={x} cy={y} r={4} {...paint} />;
}

/**
 * A line chart rendered on the server as SVG: readable without JavaScript, printable, with a
 * title and description for screen readers. The data itself belongs in a table beside it.
 */
export function LineChart({
  title,
  description,
  series,
  xLabels,
}: {
  title: string;
  description: string;
  series: Series[];
  xLabels: number[];
}) {
  const id = useId();
  const width = 720;
  const height = 320;
  const pad = { left: 64, right: 16, top: 16, bottom: 40 };
  const values = series.flatMap((s) => s.points.map((p) => p.y)).filter((v): v is number => v != null);
  const max = Math.max(1, ...values);
  const x = (i: number) =>
    pad.left + (xLabels.length <= 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (xLabels.length - 1));
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return (
    <figure className="mvoi-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="mvoi-chart__svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#cbd5e1" strokeWidth={1} />
            <text x={pad.left - 8} y={y(t) + 4} textAnchor="end" fontSize={12} fill="#334155">
              {nf.format(t)}
            </text>
          </g>
        ))}
        {xLabels.map((label, i) => (
          <text key={label} x={x(i)} y={height - pad.bottom + 20} textAnchor="middle" fontSize={12} fill="#334155">
            {label}
          </text>
        ))}
        {series.map((s, si) => {
          const style = STYLES[si % STYLES.length]!;
          const pts = s.points
            .map((p) => ({ i: xLabels.indexOf(p.x), v: p.y, open: p.open }))
            .filter((p): p is { i: number; v: number; open: boolean | undefined } => p.v != null && p.i >= 0);
          return (
            <g key={s.key}>
              <polyline
                points={pts.map((p) => `${x(p.i)},${y(p.v)}`).join(" ")}
                fill="none"
                stroke={style.color}
                strokeWidth={2.5}
                strokeDasharray={style.dash || undefined}
              />
              {pts.map((p) => (
                <Marker key={p.i} shape={style.marker} x={x(p.i)} y={y(p.v)} color={style.color} open={p.open} />
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="mvoi-chart__legend">
          {series.map((s, si) => {
            const style = STYLES[si % STYLES.length]!;
            return (
              <li key={s.key}>
                <svg width="36" height="12" aria-hidden="true" focusable="false">
                  <line x1="0" x2="36" y1="6" y2="6" stroke={style.color} strokeWidth="2.5" strokeDasharray={style.dash || undefined} />
                  <Marker shape={style.marker} x={18} y={6} color={style.color} />
                </svg>{" "}
                {s.label}
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}
