#!/usr/bin/env node
import type { Command } from "../core/command/io.js";
import { main } from "./main.js";
import { runAsProcess } from "./process.js";

/** The one place the CLI meets the server: `jux serve` (loaded only when it runs: it needs node:sqlite). */
const serve: Command = async (argv, io) => (await import("../server/command.js")).serve(argv, io);
runAsProcess((program, argv, io) => main(program, argv, io, { serve }));
