"use client";

import { buttonClass } from "../actions/styles";
import { saveFile } from "../save-file";

// CSV is written in the browser from the rows shown (lib/topology/table.ts's toCsv), so the file is
// exactly what the page lists, in its order, with no second read of the estate.

const download = (name: string, text: string) =>
  saveFile(name, new Blob([text], { type: "text/csv;charset=utf-8" }));

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[-:]/g, "");

/** "Download CSV": saves `csv()` as `dxmap-<what>-<time>.csv`; written only when clicked. */
export function DownloadCsvButton({
  what,
  disabled,
  csv,
}: {
  what: string;
  disabled: boolean;
  csv: () => string;
}) {
  return (
    <button
      type="button"
      className={buttonClass.secondary}
      disabled={disabled}
      onClick={() => download(`dxmap-${what}-${stamp()}.csv`, csv())}
    >
      Download CSV
    </button>
  );
}
