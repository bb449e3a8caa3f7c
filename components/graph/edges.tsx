"use client";

import { BaseEdge, type Edge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";

import { gatewayEdgePath, type GatewayRoute } from "./edge-path";

export type GatewayEdgeType = Edge<GatewayRoute, "gateway">;

/**
 * An interface's edge to its gateway, drawn around the BGP peer column instead of through it (a line
 * through a peer reads as that peer's): lib/topology/graph.ts chooses the lane and the trunk.
 */
export const GatewayEdge = memo(function GatewayEdge({
  sourceX,
  sourceY,
  targetX,
  targetY,
  data,
  style,
  markerEnd,
  interactionWidth,
}: EdgeProps<GatewayEdgeType>) {
  const path = data
    ? gatewayEdgePath(sourceX, sourceY, targetX, targetY, data)
    : `M ${sourceX} ${sourceY} L ${targetX} ${targetY}`;
  return (
    <BaseEdge path={path} style={style} markerEnd={markerEnd} interactionWidth={interactionWidth} />
  );
});

export const edgeTypes = { gateway: GatewayEdge };
