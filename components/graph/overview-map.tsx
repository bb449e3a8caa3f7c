"use client";

import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useMemo } from "react";

import type { DxLocation } from "@/lib/dx/types";
import type { Graph } from "@/lib/topology/graph";
import { layoutOverview, opensFor } from "@/lib/topology/overview";

import { flowHandle } from "./flow-handle";
import { useFlowStart } from "./graph-canvas";
import { HandleRenderer } from "./nodes";
import { OverviewCanvas, type OverviewCanvasProps } from "./overview-canvas";

/**
 * The overview of what the detailed map shows: its layout, with the locations and connections in
 * `open` opened, and what a resource needs opened to be shown. A module of its own, loaded only when
 * the overview may be the view, so that the detailed map's first load does without it.
 */
export function OverviewMap({
  graph,
  regions,
  locations,
  open,
  onOpen,
  onDetail,
  ...canvas
}: Omit<OverviewCanvasProps, "overview" | "onReveal"> & {
  graph: Graph;
  regions: readonly string[];
  locations: readonly DxLocation[];
  open: readonly string[];
  /** Opens these too (by location key or connection id), on the overview. */
  onOpen: (keys: string[]) => void;
  /** Shows the detailed map instead. */
  onDetail: () => void;
}) {
  const overview = useMemo(
    () => layoutOverview(graph, regions, locations, new Set(open)),
    [graph, regions, locations, open],
  );
  // What the overview must open to show a resource; one it never shows (a gateway) is shown on the
  // detailed map.
  const reveal = useCallback(
    (id: string) => {
      const needs = opensFor(graph, id);
      if (!needs) {
        onDetail();
        return false;
      }
      const missing = needs.filter((k) => !open.includes(k));
      if (missing.length > 0) onOpen(missing);
      return true;
    },
    [graph, onDetail, onOpen, open],
  );
  const start = useFlowStart();
  return (
    <ReactFlowProvider initialWidth={start.width} initialHeight={start.height}>
      <HandleRenderer value={flowHandle}>
        <OverviewCanvas overview={overview} onReveal={reveal} {...canvas} />
      </HandleRenderer>
    </ReactFlowProvider>
  );
}
