import { render } from "preact";
import { App } from "./App";
import "./styles/base.css";
import "./styles/app.css";
import "./styles/manage.css";

const root = document.getElementById("app");
if (root) render(<App />, root);
