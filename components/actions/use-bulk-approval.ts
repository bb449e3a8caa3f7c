"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";

import { DxApiError } from "@/lib/dx/api-error";
import { count } from "@/lib/dx/format";
import { dxKeys } from "@/lib/dx/query-keys";
import type { ApprovalPlan } from "@/lib/dx/rules/approvals";
import type { DxVirtualInterface } from "@/lib/dx/types";

import { dxApi } from "../use-dx-mutation";
import { runPaced } from "./run-paced";

/** Confirm calls in flight at once: a large selection reaches AWS paced, not in one burst. */
export const AT_ONCE = 4;

/** A row's part in the last approval of a selection; an approved row is the list's `approved`. */
export type ApprovalOutcome =
  | { status: "approving" }
  | { status: "refused"; message: string; requestId?: string | undefined }
  | { status: "not sent"; message: string };

export interface ApprovalProgress {
  total: number;
  approved: number;
  refused: number;
  done: boolean;
}

/**
 * Approves a selection as planned (planApprovals): one Confirm call per interface through the same
 * route the Approve dialog uses, AT_ONCE at a time, each row's outcome its own (AWS's message when it
 * refuses), a refusal never stopping the rest. An interface in flight or approved is never sent again,
 * however often the selection is approved; a refused one may be tried again.
 */
export function useBulkApproval(onApproved: (resource: DxVirtualInterface) => void) {
  const queryClient = useQueryClient();
  const [outcomes, setOutcomes] = useState<Record<string, ApprovalOutcome>>({});
  const [progress, setProgress] = useState<ApprovalProgress | null>(null);
  const taken = useRef(new Set<string>());
  const approvedHandler = useRef(onApproved);
  useEffect(() => {
    approvedHandler.current = onApproved;
  });

  const start = useCallback(
    async (plan: Pick<ApprovalPlan, "send" | "refused">) => {
      const sending = plan.send.filter(({ vif }) => !taken.current.has(vif.id));
      for (const { vif } of sending) taken.current.add(vif.id);
      setOutcomes((current) => {
        const next = { ...current };
        for (const { vif, reason } of plan.refused)
          next[vif.id] = { status: "not sent", message: reason };
        for (const { vif } of sending) next[vif.id] = { status: "approving" };
        return next;
      });
      const tally = { total: sending.length, approved: 0, refused: 0, done: false };
      setProgress({ ...tally });
      await runPaced(sending, AT_ONCE, async ({ vif, request }) => {
        try {
          const { resource } = await dxApi.confirmInterface(request);
          tally.approved++;
          setOutcomes((current) => {
            const next = { ...current };
            delete next[vif.id];
            return next;
          });
          approvedHandler.current(resource);
        } catch (e) {
          tally.refused++;
          taken.current.delete(vif.id);
          setOutcomes((current) => ({
            ...current,
            [vif.id]: {
              status: "refused",
              message: e instanceof Error ? e.message : String(e),
              requestId: e instanceof DxApiError ? e.requestId : undefined,
            },
          }));
        }
        setProgress({ ...tally });
      });
      setProgress({ ...tally, done: true });
      // One read of the estate after the lot, not one per approval.
      void queryClient.invalidateQueries({ queryKey: dxKeys.all });
      if (tally.total === 0) return;
      if (tally.refused === 0)
        toast.success(
          `Approved ${count(tally.approved)} ${tally.approved === 1 ? "interface" : "interfaces"}; AWS is bringing them up`,
        );
      else
        toast.error(
          `Approved ${count(tally.approved)} of ${count(tally.total)}; AWS refused ${count(tally.refused)} (each row says why)`,
        );
    },
    [queryClient],
  );

  return { outcomes, progress, start };
}
