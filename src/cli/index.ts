#!/usr/bin/env node
import type { Command } from "../core/command/io.js";
import { enableCompileCache } from "../core/compile-cache.js";

// First, so that the command's code, imported below, is compiled once and reused by the next jux run.
enableCompileCache(process.env);
const [{ main }, { runAsProcess }] = await Promise.all([import("./main.js"), import("./process.js")]);
/** The one place the CLI meets the server: `jux serve` (loaded only when it runs: it needs node:sqlite). */
const serve: Command = async (argv, io) => (await import("../server/command.js")).serve(argv, io);
runAsProcess((program, argv, io) => main(program, argv, io, { serve }));
