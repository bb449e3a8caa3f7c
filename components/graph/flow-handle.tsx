"use client";

import { Handle, Position } from "@xyflow/react";

import { HANDLE_CLASS, type HandleProps } from "./nodes";

/** React Flow's handle for a node drawn by React Flow (node-cache.ts declares where it is). */
export function FlowHandle({ type }: HandleProps) {
  return (
    <Handle
      type={type}
      position={type === "target" ? Position.Left : Position.Right}
      isConnectable={false}
      className={HANDLE_CLASS}
    />
  );
}

/** For the HandleRenderer context: nodes drawn by React Flow draw its handles. */
export const flowHandle = (type: HandleProps["type"]) => <FlowHandle type={type} />;
