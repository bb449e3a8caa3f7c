"use client";

import { buttonClass } from "../actions/styles";

// CSV is written in the browser from the rows shown (lib/topology/table.ts's toCsv), so the file is
// exactly what the page lists, in its order, with no second read of the estate.

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
