"use client";

import Link from "next/link";
import { useMemo } from "react";

import type { DxTopology } from "@/lib/dx/types";
import {
  MODEL_LABEL,
  MODEL_MEANING,
  MODEL_TONE,
  mapMarks,
  modelBadge,
  singlePointSentence,
  SPOF_KIND_LABEL,
} from "@/lib/resilience/present";

import { StateBadge } from "../state-badge";
import { analysisOf } from "./analysis-of";

/**
 * In a node's details: a gateway's resilience (its models, what alone would cut it off), and for any
 * node, which targets it is a single point of failure of, and why. The map says it on hover and
 * focus; the details say it whole, for the keyboard and for a second look.
 */
export function NodeResilience({ id, topology }: { id: string; topology: DxTopology }) {
  const { target, lines } = useMemo(() => {
    const targets = analysisOf(topology);
    return {
      target: targets.find((t) => t.id === id),
      lines: mapMarks(targets, true).get(id)?.singlePoint ?? [],
    };
  }, [topology, id]);
  if (!target && lines.length === 0) return null;
  return (
    <section
      aria-label="Resilience"
      className="mt-4 space-y-2 border-t border-border pt-3 text-sm"
      data-testid="details-resilience"
    >
      <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">Resilience</h3>
      {target ? (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <StateBadge
              state={MODEL_LABEL[target.designModel]}
              tone={target.paths.length === 0 ? "neutral" : MODEL_TONE[target.designModel]}
              prefix="Design"
              label={`Design, ${MODEL_MEANING[target.designModel]}`}
            />
            <StateBadge
              state={modelBadge(target).text}
              tone={modelBadge(target).tone}
              label={`Live, ${modelBadge(target).title}`}
            />
          </div>
          {target.singlePointsOfFailure.length > 0 ? (
            <ul className="space-y-1">
              {target.singlePointsOfFailure.map((s) => (
                <li key={`${s.kind}:${s.id}`}>
                  <span className="font-medium">{SPOF_KIND_LABEL[s.kind]}</span>{" "}
                  <span className="font-mono text-xs">{s.id}</span>
                  <div className="text-xs text-muted">{s.reason}</div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-muted">
              {target.paths.some((p) => p.bgpUp)
                ? "No single point of failure: no one location, device, connection, interface or session cuts it off."
                : "No live path."}
            </p>
          )}
        </>
      ) : null}
      {lines.length > 0 ? (
        <ul className="space-y-1 text-xs text-rose-800 dark:text-rose-300">
          {lines.map((line) => (
            <li key={line}>{singlePointSentence(line)}</li>
          ))}
        </ul>
      ) : null}
      <Link
        href="/resilience"
        prefetch={false}
        className="inline-block rounded text-accent hover:underline focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
      >
        Every target on the Resilience page
      </Link>
    </section>
  );
}
