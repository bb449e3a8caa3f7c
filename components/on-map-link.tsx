import Link from "next/link";
import type { ReactNode } from "react";

/** A name that takes you to its element on the map, selected (its details open). */
export function OnMap({
  id,
  children,
  className = "",
}: {
  id: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <Link
      href={`/?selected=${encodeURIComponent(id)}`}
      prefetch={false}
      title="Show on the map"
      className={`rounded underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-accent ${className}`}
    >
      {children}
    </Link>
  );
}
