// The heat strip: under each step's header, a cell coloured by the share of the step's comments that are negative
// (its touchpoints' included), saying how many there are, with a bar as long as its comments against the busiest
// step's. A click opens the step's comments in the drawer. Nothing is drawn while the map has no classified feedback.

import { barShare, heatColour, measureOf, measureTitle, openStep, percent, useFeedback } from "./feedbackModel";
import "../styles/feedback.css";

export function HeatCell({ stepId }: { stepId: string }) {
  const { feedback, open } = useFeedback();
  if (!feedback?.upload?.text_column) return null;
  const m = measureOf(feedback, stepId);
  const share = m?.share_negative ?? null;
  const title = m ? `${measureTitle(m)} — click to read them` : "No comment about this step";
  return (
    <button
      type="button"
      class={open === stepId ? "jm-heat is-open" : "jm-heat"}
      style={{ background: heatColour(share, m?.comments ?? 0), color: "#1d2939" }}
      data-testid="heat-cell"
      data-step={stepId}
      data-comments={m?.comments ?? 0}
      title={title}
      aria-label={title}
      onClick={(e) => {
        e.stopPropagation();
        openStep(open === stepId ? undefined : stepId);
      }}
    >
      <span class="jm-heat-text">
        {m ? (
          <>
            <b>{m.comments}</b> comments · {percent(m.share_negative)} neg.
          </>
        ) : (
          "no comments"
        )}
      </span>
      {m && <span class="jm-heat-bar" style={{ width: `${Math.round(barShare(feedback, m) * 100)}%` }} />}
    </button>
  );
}
