import { UsageError, type Command } from "../io.js";

export const publish: Command = async () => {
  throw new UsageError("jux publish: not implemented yet");
};
