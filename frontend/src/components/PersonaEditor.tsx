// The personas of a workspace: a list, and a form for the selected one (saved with PUT, validated by the server).

import { useEffect, useState } from "preact/hooks";
import { api, type Persona } from "../api";
import { Avatar, ErrorNote, Icon, notify, useAction, valueOf, type WorkspaceFormProps } from "./ui";
import { userColour } from "../realtime";

const LIST_FIELDS = ["goals", "needs", "frustrations"] as const;

interface Draft {
  id: string;
  name: string;
  segment: string;
  share: string;
  description: string;
  goals: string;
  needs: string;
  frustrations: string;
  quote: string;
  picture: string;
}

function toDraft(p: Persona): Draft {
  return {
    id: p.id,
    name: p.name ?? "",
    segment: p.segment ?? "",
    share: typeof p.share === "number" ? String(Math.round(p.share * 1000) / 10) : "",
    description: p.description ?? "",
    goals: (p.goals ?? []).join("\n"),
    needs: (p.needs ?? []).join("\n"),
    frustrations: (p.frustrations ?? []).join("\n"),
    quote: p.quote ?? "",
    picture: p.picture ?? "",
  };
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

function fromDraft(draft: Draft, original: Persona | null): Persona {
  // Keep fields this form does not show (they belong to the persona file).
  const out: Persona = { ...(original ?? {}), id: draft.id.trim(), name: draft.name.trim() };
  out.segment = draft.segment.trim();
  const share = draft.share.trim();
  if (share === "") delete out.share;
  else out.share = Number(share.replace(",", ".")) / 100;
  out.description = draft.description.trim();
  for (const field of LIST_FIELDS) out[field] = lines(draft[field]);
  out.quote = draft.quote.trim();
  out.picture = draft.picture.trim();
  return out;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "persona"
  );
}

export function PersonaEditor({ workspace, onSaved, readOnly = false }: WorkspaceFormProps) {
  const [selected, setSelected] = useState<string | null>(workspace.personas[0]?.id ?? null);
  const [isNew, setIsNew] = useState(false);
  const original = isNew ? null : (workspace.personas.find((p) => p.id === selected) ?? null);
  const [draft, setDraft] = useState<Draft | null>(original ? toDraft(original) : null);
  const [dirty, setDirty] = useState(false);
  const [run, busy, error, clearError] = useAction();

  useEffect(() => {
    if (!isNew) {
      setDraft(original ? toDraft(original) : null);
      setDirty(false);
      clearError();
    }
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the draft resets when the selection changes, not when the same persona is fetched again mid-edit
  }, [selected, isNew, workspace]);

  const field = (name: keyof Draft) => ({
    value: draft?.[name] ?? "",
    onInput: (e: Parameters<typeof valueOf>[0]) => {
      const value = valueOf(e);
      setDraft((d) => {
        if (!d) return d;
        const next = { ...d, [name]: value };
        if (isNew && name === "name") next.id = slug(value);
        return next;
      });
      setDirty(true);
    },
  });

  const startNew = () => {
    setIsNew(true);
    setSelected(null);
    setDraft({ id: "", name: "", segment: "", share: "", description: "", goals: "", needs: "", frustrations: "", quote: "", picture: "" });
    setDirty(false);
    clearError();
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!draft) return;
    const share = draft.share.trim();
    if (share && !(Number(share.replace(",", ".")) >= 0 && Number(share.replace(",", ".")) <= 100)) {
      notify("The share is a percentage between 0 and 100", "error");
      return;
    }
    const persona = fromDraft(draft, original);
    if (isNew && workspace.personas.some((p) => p.id === persona.id)) {
      notify(`A persona with the id ${persona.id} exists; choose another id`, "error");
      return;
    }
    const saved = await run(() => api.savePersona(workspace.id, persona));
    if (saved) {
      notify(`Saved ${saved.name}`);
      setIsNew(false);
      setSelected(saved.id);
      setDirty(false);
      onSaved();
    }
  };

  return (
    <div class="split">
      <aside class="split-list">
        <ul class="list">
          {workspace.personas.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                class={!isNew && selected === p.id ? "list-item active" : "list-item"}
                onClick={() => {
                  setIsNew(false);
                  setSelected(p.id);
                }}
              >
                <Avatar name={p.name} colour={userColour(p.id)} small />
                <span>
                  <span class="list-title">{p.name}</span>
                  {p.segment && <span class="muted small block">{p.segment}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {!readOnly && (
          <button type="button" class="wide" onClick={startNew}>
            <Icon name="plus" /> New persona
          </button>
        )}
      </aside>
      <section class="split-main">
        {!draft && <p class="muted">No persona yet: create one to say whose experience the maps tell.</p>}
        {draft && (
          <form class="form persona-form" onSubmit={save}>
            <fieldset class="plain form" disabled={readOnly}>
              <div class="form-row">
                <label class="grow">
                  Name
                  <input required maxLength={4000} {...field("name")} />
                </label>
                <label>
                  Id
                  <input
                    required
                    pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}"
                    readOnly={!isNew}
                    title={isNew ? "Letters, digits, - _ ." : "The id of a saved persona cannot change here"}
                    {...field("id")}
                  />
                </label>
              </div>
              <div class="form-row">
                <label class="grow">
                  Segment
                  <input {...field("segment")} />
                </label>
                <label>
                  Share of customers (%)
                  <input inputMode="decimal" {...field("share")} placeholder="e.g. 35" />
                </label>
              </div>
              <label>
                Description
                <textarea rows={3} {...field("description")} />
              </label>
              <div class="form-row three">
                {LIST_FIELDS.map((name) => (
                  <label key={name}>
                    {name[0].toUpperCase() + name.slice(1)} <span class="muted small">(one per line)</span>
                    <textarea rows={5} {...field(name)} />
                  </label>
                ))}
              </div>
              <label>
                Quote
                <input {...field("quote")} placeholder="A sentence in the persona's own words" />
              </label>
              <label>
                Picture <span class="muted small">(path in the workspace)</span>
                <input {...field("picture")} placeholder="personas/maya.jpg" />
              </label>
              <ErrorNote error={error} />
              {!readOnly && (
                <div class="form-actions">
                  <button type="submit" class="primary" disabled={busy || !dirty}>
                    {busy ? "Saving…" : isNew ? "Create persona" : "Save persona"}
                  </button>
                </div>
              )}
            </fieldset>
          </form>
        )}
      </section>
    </div>
  );
}
