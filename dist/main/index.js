import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);
import {
  enableCompileCache
} from "../action-chunks/chunk-ZBT7SC4L.js";
import "../action-chunks/chunk-KFTJB277.js";
import "../action-chunks/chunk-PGWA7IZW.js";

// src/main/index.ts
enableCompileCache(process.env);
var [{ runStep }, { main }] = await Promise.all([import("../action-chunks/step-G4C2JLAH.js"), import("../action-chunks/main-GEEZ23H3.js")]);
await runStep(() => main());
