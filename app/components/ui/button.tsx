import type { ComponentProps } from "react";
import { AppLink, type AppLinkProps } from "~/components/ui/link";

type Appearance = "primary" | "secondary" | "subtle";

function classes(appearance: Appearance, extra?: string) {
  return ["utrecht-button", `utrecht-button--${appearance === "subtle" ? "subtle" : `${appearance}-action`}`, extra]
    .filter(Boolean)
    .join(" ");
}

export function Button({
  appearance = "primary",
  className,
  type = "submit",
  ...props
}: ComponentProps<"button"> & { appearance?: Appearance }) {
  return <button type={type} className={classes(appearance, className)} {...props} />;
}

/** A link that looks like a button, for navigation that is not a form submission. */
export function ButtonLink({ appearance = "primary", className, ...props }: AppLinkProps & { appearance?: Appearance }) {
  return <AppLink className={classes(appearance, ["utrecht-button-link", className].filter(Boolean).join(" "))} {...props} />;
}
