/** The bounded line reader moved to core (jux cache import reads the same files); the server's name for it. */
export { readLines, type Line } from "../../core/transfer/lines.js";
