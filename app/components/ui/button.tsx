import type { ComponentProps } from "react";
import { AppLink, type AppLinkProps } from "~/components/ui/link";

type Appearance = "primary" | "secondary" | "subtle";

/**
 * Each appearance's class spelled out in full: the build ships only the design system's rules for
 * classes the source names (docs/decisions/033-only-the-css-the-portal-uses.md), and a name put
 * together from the appearance in a template would keep every modifier of the button (busy,
 * pressed, danger and a dozen more), as a prefix.
 */
const APPEARANCE_CLASS: Record<Appearance, string> = {
  primary: "utrecht-button--primary-action",
  secondary: "utrecht-button--secondary-action",
  subtle: "utrecht-button--subtle",
};

function classes(appearance: Appearance, extra?: string) {
  return ["utrecht-button", APPEARANCE_CLASS[appearance], extra].filter(Boolean).join(" ");
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
