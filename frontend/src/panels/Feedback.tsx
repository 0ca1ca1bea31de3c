// The Evidence panel's feedback section: upload a file of comments (CSV, XLSX, Parquet, JSON Lines), choose the
// column that holds their text, see how many were classified and where (the heat strip on the map), and accept
// the suggested pain points as cards with their quotes attached.

import { useState } from "preact/hooks";
import { request } from "../api";
import { ErrorNote, Icon, notify, useAction } from "../components/ui";
import {
  elementName,
  openStep,
  setFeedback,
  useFeedback,
  type Feedback,
  type FeedbackAccepted,
} from "./feedbackModel";
import "../styles/feedback.css";

const ACCEPT = ".csv,.tsv,.xlsx,.parquet,.pq,.jsonl,.ndjson";

export function FeedbackSection({ mapId, canEdit }: { mapId: number; canEdit: boolean }) {
  const { feedback } = useFeedback();
  const [file, setFile] = useState<File | null>(null);
  const [run, busy, error] = useAction();
  const upload = feedback?.upload ?? null;

  const send = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.set("file", file);
    const answer = await run(() => request<Feedback>("POST", `/api/maps/${mapId}/feedback`, { form }));
    if (answer) {
      setFeedback(mapId, answer);
      setFile(null);
      const read = answer.upload;
      notify(read?.text_column ? `Classified ${read.comments.toLocaleString("en-GB")} comments` : "Choose the column that holds the comments");
    }
  };

  const choose = async (text: string) => {
    const answer = await run(() => request<Feedback>("PUT", `/api/maps/${mapId}/feedback/column`, { body: { text } }));
    if (answer) setFeedback(mapId, answer);
  };

  const accept = async (id: string) => {
    const answer = await run(() => request<FeedbackAccepted>("POST", `/api/maps/${mapId}/feedback/accept`, { body: { ids: [id] } }));
    if (answer) {
      setFeedback(mapId, answer.feedback);
      notify(`Added “${answer.accepted[0]?.text ?? "the card"}” to the pain points`);
    }
  };

  return (
    <section class="feedback-section" aria-label="Feedback" data-testid="feedback-section">
      <h3>Customer feedback</h3>
      {canEdit && (
        <form class="form compact" onSubmit={send}>
          <label class="file-drop">
            <Icon name="upload" />
            <span>{file ? file.name : "Choose comments (CSV, XLSX, Parquet, JSON Lines)"}</span>
            <input type="file" accept={ACCEPT} data-testid="feedback-file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          </label>
          <button type="submit" class="primary small" data-testid="feedback-upload" disabled={!file || busy}>
            {busy && file ? "Classifying…" : "Upload comments"}
          </button>
        </form>
      )}
      <ErrorNote error={error} />
      {!upload && !canEdit && <p class="muted small">No feedback uploaded for this map yet.</p>}
      {upload && (
        <div class="feedback-summary" data-testid="feedback-summary">
          <p class="small">
            <b>{upload.filename}</b> — {upload.comments.toLocaleString("en-GB")} comments
            {upload.skipped > 0 && <span class="muted"> ({upload.skipped} rows skipped)</span>}
          </p>
          <label class="small feedback-column">
            Text column
            <select
              data-testid="feedback-column"
              disabled={!canEdit || busy}
              value={upload.text_column ?? ""}
              onChange={(e) => void choose(e.currentTarget.value)}
            >
              {!upload.text_column && <option value="">— choose —</option>}
              {upload.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          {upload.text_column && feedback && (
            <p class="muted small">
              Placed on the map's steps by the classifier, trained on {feedback.confirmations} confirmations; {feedback.unplaced} are about no step (
              <button type="button" class="link" onClick={() => openStep(null)}>
                read them
              </button>
              ). Click a step's strip on the map to read its comments.
            </p>
          )}
        </div>
      )}
      {feedback && feedback.suggestions.length > 0 && (
        <>
          <h3>Suggested pain points</h3>
          <ul class="feedback-suggestions" data-testid="feedback-suggestions">
            {feedback.suggestions.map((s) => (
              <li key={s.id} data-testid="feedback-suggestion" data-id={s.id}>
                <div class="feedback-suggestion-head">
                  <span>
                    <b>{s.text}</b>
                    <span class="muted small">
                      {" "}
                      · {elementName(feedback, s.step)} · {s.count} comments
                    </span>
                  </span>
                  {canEdit && (
                    <button type="button" class="small" data-testid="accept-suggestion" disabled={busy} onClick={() => void accept(s.id)}>
                      <Icon name="plus" size={12} /> Accept
                    </button>
                  )}
                </div>
                {s.quotes.length > 0 && (
                  <details>
                    <summary class="muted small">
                      {s.quotes.length} quote{s.quotes.length === 1 ? "" : "s"}
                    </summary>
                    {s.quotes.map((q, i) => (
                      <blockquote key={i} class="small">
                        “{q.text}” <span class="muted">— {q.source}{q.row ? ` row ${q.row}` : ""}</span>
                      </blockquote>
                    ))}
                  </details>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
