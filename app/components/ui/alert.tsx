import type { ReactNode } from "react";

type AlertType = "info" | "ok" | "warning" | "error";

const LABELS: Record<AlertType, string> = { info: "Informatie", ok: "Gelukt", warning: "Let op", error: "Fout" };

/**
 * A message box. Errors and confirmations are announced to screen readers (role="alert" /
 * role="status"); the hidden label says what kind of message it is without relying on colour.
 */
export function Alert({ type = "info", children, id }: { type?: AlertType; children: ReactNode; id?: string }) {
  const role = type === "error" ? "alert" : type === "ok" ? "status" : undefined;
  return (
    <div id={id} className={`utrecht-alert utrecht-alert--${type}`} role={role}>
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">
          <span className="rhc-visually-hidden">{LABELS[type]}: </span>
          {children}
        </div>
      </div>
    </div>
  );
}
