import { UsageError, type Command } from "../io.js";

export const config: Command = async () => {
  throw new UsageError("jux config: not implemented yet");
};
