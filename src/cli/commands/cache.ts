import { UsageError, type Command } from "../io.js";

export const cache: Command = async () => {
  throw new UsageError("jux cache: not implemented yet");
};
