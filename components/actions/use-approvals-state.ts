"use client";

import type { ReadonlyURLSearchParams } from "next/navigation";

import type { SortDirection } from "@/lib/topology/table";

import { list } from "../graph/use-view-state";
import { readSort, sortParams, useUrlState } from "../use-url-state";

// The Approvals list's view in the URL, with the table's and the map's names for what they share
// (accounts=, regions=, types=, q= with its qualifiers; sort=, dir=), so that a filtered list can be
// shared and survives a reload.

export interface ApprovalsState {
  accounts: string[];
  regions: string[];
  types: string[];
  q: string;
  /** The column sorted on (its key), or "" for the list's order: by name, then region. */
  sort: string;
  dir: SortDirection;
}

const read = (params: ReadonlyURLSearchParams): ApprovalsState => ({
  accounts: list(params.get("accounts")),
  regions: list(params.get("regions")),
  types: list(params.get("types")),
  q: params.get("q") ?? "",
  ...readSort(params),
});

const write = (state: ApprovalsState) => ({ ...state, ...sortParams(state) });

export function useApprovalsState(): [ApprovalsState, (change: Partial<ApprovalsState>) => void] {
  return useUrlState(read, write);
}
