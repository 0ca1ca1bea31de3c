// The mental model diagram: mental spaces of towers of boxes above the line, supports below it, under the towers
// they support. Boxes are edited, added and reordered (drag); a support is dragged from one tower to another.

import { Icon, InlineText, Marks, Toolbar, cx, dragProps, dropProps, elementLook, useEditor } from "./common";
import {
  addBox,
  addSpace,
  addSupport,
  addTower,
  arr,
  indexIn,
  moveElement,
  moveSupport,
  removeElement,
  setField,
  str,
  strs,
  type Obj,
} from "./model";

const TOWER_W = 200;

export function TowersEditor() {
  const ctx = useEditor();
  const { data } = ctx.idx;
  const spaces = arr(data.mental_spaces);
  const towers: Array<{ tower: Obj; space: Obj }> = [];
  for (const space of spaces) for (const tower of arr(space.towers)) towers.push({ tower, space });
  const supports = arr(data.supports);
  const canEdit = !ctx.readOnly;
  const cols = Math.max(1, towers.length + spaces.filter((s) => arr(s.towers).length === 0).length);
  const orphans = supports.filter((s) => strs(s.towers).filter((t) => towers.some((x) => x.tower.id === t)).length === 0);

  return (
    <div class="jm-mm-wrap">
      {canEdit && (
        <div class="jm-canvas-bar">
          <button type="button" class="jm-add" data-testid="add-space" onClick={() => ctx.select(addSpace(ctx.doc, ctx.idx, "New mental space"))}>
            <Icon name="plus" /> Mental space
          </button>
          <span class="jm-hint">Drag boxes to reorder or move them between towers · drag a support to another tower</span>
        </div>
      )}
      <div class="jm-mm" data-testid="mental-model" style={{ gridTemplateColumns: `repeat(${cols}, ${TOWER_W}px)` }}>
        {/* mental spaces */}
        {spaces.map((space) => {
          const id = str(space.id);
          const look = elementLook(ctx, id);
          return (
            <div
              key={id}
              class={cx("jm-space", look.cls)}
              style={{ gridColumn: `span ${Math.max(1, arr(space.towers).length)}`, ...look.style }}
              data-testid="space"
              data-id={id}
              onClick={() => ctx.select(id)}
            >
              <InlineText id={id} field="name" value={str(space.name)} class="jm-space-name" onCommit={(t) => setField(ctx.doc, ctx.idx, id, "name", t || "Mental space")} />
              <Marks id={id} />
              {canEdit && ctx.selected === id && (
                <Toolbar>
                  <button type="button" class="jm-tb" data-testid="add-tower" onClick={() => ctx.select(addTower(ctx.doc, ctx.idx, id, "New tower"))}>
                    <Icon name="plus" /> tower
                  </button>
                  <button type="button" class="jm-tb is-danger" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
                    <Icon name="trash" />
                  </button>
                </Toolbar>
              )}
            </div>
          );
        })}
        {/* towers */}
        {spaces.map((space) =>
          arr(space.towers).length === 0 ? (
            <div key={`e-${str(space.id)}`} class="jm-tower is-empty" />
          ) : (
            arr(space.towers).map((tower) => <Tower key={str(tower.id)} tower={tower} spaceId={str(space.id)} />)
          ),
        )}
        {/* the line */}
        <div class="jm-mm-line" style={{ gridColumn: `1 / span ${cols}` }}>
          <span>above: what people think, feel and follow · below: what supports them</span>
        </div>
        {/* supports */}
        {spaces.map((space) =>
          arr(space.towers).length === 0 ? (
            <div key={`se-${str(space.id)}`} class="jm-supports" />
          ) : (
            arr(space.towers).map((tower) => {
              const tid = str(tower.id);
              const mine = supports.filter((s) => strs(s.towers).includes(tid));
              return (
                <div
                  key={`s-${tid}`}
                  class={cx("jm-supports", mine.length === 0 && "is-gap")}
                  data-testid="support-column"
                  data-tower={tid}
                  {...dropProps((it) => it.kind === "support", (it) => moveSupport(ctx.doc, ctx.idx, it.id, it.from ?? null, tid), "y")}
                >
                  {mine.map((s) => (
                    <Support key={str(s.id)} support={s} towerId={tid} />
                  ))}
                  {mine.length === 0 && <span class="jm-gap-note">No support</span>}
                  {canEdit && (
                    <button
                      type="button"
                      class="jm-add jm-add-card"
                      data-testid="add-support"
                      data-tower={tid}
                      onClick={() => {
                        const id = addSupport(ctx.doc, ctx.idx, tid, "New support");
                        ctx.select(id);
                        ctx.setEditing(`${id}:text`);
                      }}
                    >
                      <Icon name="plus" /> support
                    </button>
                  )}
                </div>
              );
            })
          ),
        )}
      </div>
      {orphans.length > 0 && (
        <div class="jm-orphans">
          <span class="jm-tb-label">Supports without a tower</span>
          {orphans.map((s) => (
            <Support key={str(s.id)} support={s} towerId={null} />
          ))}
        </div>
      )}
    </div>
  );
}

function Tower({ tower, spaceId }: { tower: Obj; spaceId: string }) {
  const ctx = useEditor();
  const id = str(tower.id);
  const look = elementLook(ctx, id);
  const boxes = arr(tower.boxes);
  const canEdit = !ctx.readOnly;
  return (
    <div
      class={cx("jm-tower", look.cls)}
      style={look.style}
      data-testid="tower"
      data-id={id}
      {...dragProps({ kind: "tower", id }, canEdit)}
      {...dropProps(
        (it) => it.kind === "box" || (it.kind === "tower" && it.id !== id),
        (it, after) => {
          if (it.kind === "box") moveElement(ctx.doc, ctx.idx, it.id, id, "boxes", boxes.length);
          else moveElement(ctx.doc, ctx.idx, it.id, spaceId, "towers", indexIn(ctx.idx, id) + (after ? 1 : 0));
        },
      )}
    >
      <div class="jm-tower-head" onClick={() => ctx.select(id)}>
        <InlineText id={id} field="name" value={str(tower.name)} class="jm-tower-name" onCommit={(t) => setField(ctx.doc, ctx.idx, id, "name", t || "Tower")} />
        <Marks id={id} />
        {canEdit && ctx.selected === id && (
          <Toolbar>
            <button type="button" class="jm-tb is-danger" data-testid="delete-tower" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
              <Icon name="trash" />
            </button>
          </Toolbar>
        )}
      </div>
      <div class="jm-boxes">
        {boxes.map((b) => {
          const bid = str(b.id);
          const bl = elementLook(ctx, bid);
          return (
            <div
              key={bid}
              class={cx("jm-box", bl.cls)}
              style={bl.style}
              data-testid="box"
              data-id={bid}
              onClick={(e) => {
                e.stopPropagation();
                ctx.select(bid);
              }}
              {...dragProps({ kind: "box", id: bid }, canEdit && ctx.editing !== `${bid}:text`)}
              {...dropProps(
                (it) => it.kind === "box" && it.id !== bid,
                (it, after) => moveElement(ctx.doc, ctx.idx, it.id, id, "boxes", indexIn(ctx.idx, bid) + (after ? 1 : 0)),
                "y",
              )}
            >
              <InlineText
                id={bid}
                field="text"
                value={str(b.text)}
                placeholder="A thought, reaction or principle"
                multiline
                onCommit={(t) => (t ? setField(ctx.doc, ctx.idx, bid, "text", t) : removeElement(ctx.doc, ctx.idx, bid))}
              />
              <Marks id={bid} />
              {canEdit && ctx.selected === bid && ctx.editing !== `${bid}:text` && (
                <Toolbar>
                  <button type="button" class="jm-tb is-danger" data-testid="delete-box" onClick={() => { removeElement(ctx.doc, ctx.idx, bid); ctx.select(null); }}>
                    <Icon name="trash" />
                  </button>
                </Toolbar>
              )}
            </div>
          );
        })}
        {canEdit && (
          <button
            type="button"
            class="jm-add jm-add-card"
            data-testid="add-box"
            data-tower={id}
            onClick={(e) => {
              e.stopPropagation();
              const bid = addBox(ctx.doc, ctx.idx, id, "");
              ctx.select(bid);
              ctx.setEditing(`${bid}:text`);
            }}
          >
            <Icon name="plus" /> box
          </button>
        )}
      </div>
    </div>
  );
}

function Support({ support, towerId }: { support: Obj; towerId: string | null }) {
  const ctx = useEditor();
  const id = str(support.id);
  const look = elementLook(ctx, id);
  const canEdit = !ctx.readOnly;
  const shared = strs(support.towers).length > 1;
  return (
    <div
      class={cx("jm-support", shared && "is-shared", look.cls)}
      style={look.style}
      data-testid="support"
      data-id={id}
      data-tower={towerId ?? ""}
      title={shared ? `Supports ${strs(support.towers).join(", ")}` : undefined}
      onClick={(e) => {
        e.stopPropagation();
        ctx.select(id);
      }}
      {...dragProps({ kind: "support", id, from: towerId }, canEdit && ctx.editing !== `${id}:text`)}
    >
      <InlineText id={id} field="text" value={str(support.text)} multiline onCommit={(t) => setField(ctx.doc, ctx.idx, id, "text", t || "Support")} />
      <Marks id={id} />
      {canEdit && ctx.selected === id && ctx.editing !== `${id}:text` && (
        <Toolbar>
          <button type="button" class="jm-tb is-danger" data-testid="delete-support" onClick={() => { removeElement(ctx.doc, ctx.idx, id); ctx.select(null); }}>
            <Icon name="trash" />
          </button>
        </Toolbar>
      )}
    </div>
  );
}
