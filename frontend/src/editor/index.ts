// The studio's map editor (docs/studio.md): `MapEditor` edits a map's Y document in place.
import "./editor.css";

export { MapEditor, viewOf, type MapEditorProps } from "./MapEditor";
export type { Finding } from "./common";
export * as model from "./model";
