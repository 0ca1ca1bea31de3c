// The export menu's check of printed text size: asks the server how big the map's text prints on the paper
// chosen, and under 7 pt shows the warning with a one-click export fitted by rows and a larger paper to choose.

import { useEffect, useState } from "preact/hooks";
import { request } from "../api";
import { printWarning, type PrintCheck } from "../exportCheck";
import "../styles/export.css";

export type CheckState = { url: string; check: PrintCheck | null; error: string | null };

/** The server's check of `url` (an export check URL; "" asks nothing), asked again whenever it changes. */
export function usePrintCheck(url: string): CheckState & { pending: boolean } {
  const [state, setState] = useState<CheckState>({ url: "", check: null, error: null });
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    request<PrintCheck>("GET", url, { signal: controller.signal }).then(
      (check) => setState({ url, check, error: null }),
      (error: unknown) => {
        if (error instanceof DOMException && error.name === "AbortError") return;
        setState({ url, check: null, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [url]);
  const current = state.url === url && url !== "";
  return {
    url,
    check: current ? state.check : null,
    error: current ? state.error : null,
    pending: url !== "" && !current,
  };
}

/** The warning under the export options: the text size and why, the export fitted by rows, a larger paper. */
export function PrintCheckNotice({
  state,
  formatLabel,
  fitRowsUrl,
  onFitRows,
  onLargerPaper,
}: {
  state: CheckState & { pending: boolean };
  formatLabel: string;
  fitRowsUrl: string;
  onFitRows: () => void;
  onLargerPaper: (paper: string) => void;
}) {
  if (state.pending) {
    return (
      <p class="muted small export-checking" data-testid="export-checking" role="status">
        Checking how big the text prints…
      </p>
    );
  }
  if (state.error) {
    return <p class="muted small export-checking">The text size could not be checked: {state.error}</p>;
  }
  const warning = printWarning(state.check, formatLabel);
  if (!warning) return null;
  return (
    <div class="export-warning" role="alert" data-testid="export-warning">
      <p>
        <strong>Text too small to read on paper.</strong> {warning.message}
      </p>
      <div class="export-warning-actions">
        {warning.fitRows && (
          <a
            class="button primary"
            href={fitRowsUrl}
            download
            data-testid="export-fit-rows"
            onClick={onFitRows}
          >
            {warning.fitRows}
          </a>
        )}
        {warning.largerPaper && warning.largerLabel && (
          <button
            type="button"
            data-testid="export-larger-paper"
            onClick={() => onLargerPaper(warning.largerPaper!)}
          >
            {warning.largerLabel}
          </button>
        )}
      </div>
    </div>
  );
}
