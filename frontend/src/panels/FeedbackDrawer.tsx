// The drawer of a step's comments, opened from the heat strip: each comment with the step and sentiment the
// classifier gives it. An editor confirms it in one click, or corrects its step (a chooser of the map's steps and
// touchpoints, or none) or its sentiment in one click; the confirmation is saved with the workspace, the classifier
// retrains and the strip is drawn again from the answer. Loads the map's feedback when the map opens.

import { useEffect, useState } from "preact/hooks";
import { request } from "../api";
import { ErrorNote, Icon, useAction } from "../components/ui";
import {
  NO_ELEMENT,
  SENTIMENTS,
  confirmation,
  elementChoices,
  elementName,
  loadFeedback,
  measureOf,
  measureTitle,
  openStep,
  pageLabel,
  setFeedback,
  useFeedback,
  type Feedback,
  type FeedbackComment,
  type FeedbackComments,
  type FeedbackConfirmed,
  type Sentiment,
} from "./feedbackModel";
import "../styles/feedback.css";

const PAGE = 20;
const SENTIMENT_MARK: Record<Sentiment, string> = { negative: "−", neutral: "○", positive: "+" };

export function FeedbackDrawer({ mapId, canEdit }: { mapId: number; canEdit: boolean }) {
  const { feedback, open } = useFeedback();
  const [page, setPage] = useState<FeedbackComments | null>(null);
  const [offset, setOffset] = useState(0);
  const [load, loading, loadError] = useAction();

  useEffect(() => {
    loadFeedback(mapId).catch(() => setFeedback(mapId, null)); // no feedback to show is no error to show
  }, [mapId]);

  useEffect(() => {
    setOffset(0);
  }, [open]);

  useEffect(() => {
    if (open === undefined) {
      setPage(null);
      return;
    }
    const query = new URLSearchParams({ step: open ?? "", offset: String(offset), limit: String(PAGE) });
    void load(() => request<FeedbackComments>("GET", `/api/maps/${mapId}/feedback/comments?${query.toString()}`)).then((answer) => {
      if (answer) setPage(answer);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a page is asked for when the step or the page changes
  }, [mapId, open, offset, feedback?.upload?.id, feedback?.upload?.text_column]);

  if (open === undefined || !feedback) return null;
  const m = open ? measureOf(feedback, open) : null;
  const replace = (comment: FeedbackComment) =>
    setPage((p) => (p ? { ...p, comments: p.comments.map((c) => (c.row === comment.row ? comment : c)) } : p));

  return (
    <aside class="feedback-drawer" aria-label="Comments of the step" data-testid="feedback-drawer">
      <header class="feedback-drawer-head">
        <div>
          <h2>{open ? elementName(feedback, open) : "Comments about no step"}</h2>
          <p class="muted small">{m ? measureTitle(m) : open ? "No comment about this step" : `${feedback.unplaced} comments`}</p>
        </div>
        <button type="button" class="icon-button" title="Close" data-testid="feedback-drawer-close" onClick={() => openStep(undefined)}>
          <Icon name="close" size={14} />
        </button>
      </header>
      {canEdit && (
        <p class="muted small feedback-drawer-help">
          Confirm a comment with <Icon name="check" size={12} />, or correct its step or its sentiment: the classifier learns from each
          ({feedback.confirmations} confirmed in this workspace).
        </p>
      )}
      <ErrorNote error={loadError} />
      <ol class="feedback-comments" aria-busy={loading}>
        {page?.comments.map((c) => (
          <CommentItem key={c.row} mapId={mapId} comment={c} feedback={feedback} canEdit={canEdit} onDone={replace} />
        ))}
      </ol>
      {page && (
        <footer class="feedback-drawer-foot">
          <button type="button" class="small" disabled={offset === 0 || loading} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <span class="muted small" data-testid="feedback-page">
            {pageLabel(page.offset, page.comments.length, page.total)}
          </span>
          <button
            type="button"
            class="small"
            data-testid="feedback-next"
            disabled={offset + PAGE >= page.total || loading}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </button>
        </footer>
      )}
    </aside>
  );
}

function CommentItem({
  mapId,
  comment,
  feedback,
  canEdit,
  onDone,
}: {
  mapId: number;
  comment: FeedbackComment;
  feedback: Feedback;
  canEdit: boolean;
  onDone: (c: FeedbackComment) => void;
}) {
  const [run, busy, error] = useAction();
  const element = comment.confirmed ? comment.confirmed_element : comment.element;
  const sentiment = ((comment.confirmed && comment.confirmed_sentiment) || comment.sentiment) as Sentiment;
  const send = async (change: { element?: string | null; sentiment?: Sentiment }) => {
    const body = confirmation(comment, change);
    const answer = await run(() => request<FeedbackConfirmed>("POST", `/api/maps/${mapId}/feedback/confirmations`, { body }));
    if (answer) {
      setFeedback(mapId, answer.feedback);
      onDone(answer.comment);
    }
  };
  return (
    <li class={comment.confirmed ? "feedback-comment is-confirmed" : "feedback-comment"} data-testid="feedback-comment" data-row={comment.row}>
      <blockquote>{comment.text}</blockquote>
      <div class="feedback-comment-meta">
        <span class={`sentiment is-${sentiment}`} data-testid="comment-sentiment">
          {sentiment}
        </span>
        <span class="muted small" data-testid="comment-element" title={`classifier: ${elementName(feedback, comment.element)} (${comment.element_score.toFixed(2)})`}>
          {elementName(feedback, element)}
        </span>
        {comment.id && <span class="muted small">{comment.id}</span>}
        {comment.confirmed && (
          <span class="confirmed small" data-testid="comment-confirmed">
            <Icon name="check" size={12} /> confirmed
          </span>
        )}
      </div>
      {canEdit && (
        <div class="feedback-comment-actions">
          <button
            type="button"
            class="small"
            data-testid="confirm-comment"
            disabled={busy}
            title="Right as it is: confirm the step and the sentiment"
            onClick={() => void send({})}
          >
            <Icon name="check" size={12} /> Confirm
          </button>
          <select
            aria-label="Correct the step"
            data-testid="correct-element"
            disabled={busy}
            value={element ?? NO_ELEMENT}
            onChange={(e) => void send({ element: e.currentTarget.value })}
          >
            {elementChoices(feedback).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <span class="segmented small" role="group" aria-label="Correct the sentiment">
            {SENTIMENTS.map((s) => (
              <button
                key={s}
                type="button"
                class={s === sentiment ? "active" : ""}
                data-testid={`sentiment-${s}`}
                aria-pressed={s === sentiment}
                title={`The comment is ${s}`}
                disabled={busy}
                onClick={() => void send({ sentiment: s })}
              >
                {SENTIMENT_MARK[s]}
              </button>
            ))}
          </span>
        </div>
      )}
      <ErrorNote error={error} />
    </li>
  );
}
