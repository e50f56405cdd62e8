import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { AppLink, type AppLinkProps } from "~/components/ui/link";

type HeadingLevel = 1 | 2 | 3 | 4;

export function Heading({ level, children, id, className }: { level: HeadingLevel; children: ReactNode; id?: string; className?: string }) {
  const Tag = `h${level}` as const;
  return (
    <Tag id={id} className={["nl-heading", `nl-heading--level-${level}`, className].filter(Boolean).join(" ")}>
      {children}
    </Tag>
  );
}

export function Paragraph({ children, lead, className }: { children: ReactNode; lead?: boolean; className?: string }) {
  return <p className={["nl-paragraph", lead ? "nl-paragraph--lead" : "", className].filter(Boolean).join(" ")}>{children}</p>;
}

/** An internal link in NL Design System style (client-side navigation when JavaScript runs). */
export function Link({ className, ...props }: AppLinkProps) {
  return <AppLink className={["nl-link", className].filter(Boolean).join(" ")} {...props} />;
}

export function ExternalLink({ children, ...props }: ComponentPropsWithoutRef<"a">) {
  return (
    <a className="nl-link" rel="noopener noreferrer" {...props}>
      {children}
    </a>
  );
}

export function UnorderedList({ children }: { children: ReactNode }) {
  return <ul className="utrecht-unordered-list">{children}</ul>;
}
