// Saving an initiative edited on the method page: the whole initiative with the workspace file's version.

import { describeError, type JsonObject } from "../api";
import { notify } from "../components/ui";
import { journeyApi, type InitiativeMethod, type Method } from "../journeyApi";

export interface SaveProps {
  wid: number;
  item: InitiativeMethod;
  version: string;
  editable: boolean;
  onSaved: (next: Method | null) => void;
}

/** Send the edited initiative; on success the page reloads the method (the stages are the server's). */
export async function saveInitiative(props: SaveProps, initiative: JsonObject): Promise<boolean> {
  try {
    await journeyApi.saveInitiative(props.wid, initiative, props.version);
    notify("Saved to the workspace file");
    props.onSaved(null);
    return true;
  } catch (error) {
    notify(describeError(error), "error");
    return false;
  }
}

