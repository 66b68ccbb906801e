export {
  ConfigError,
  maskSecret,
  OPTIONS,
  type C14nName,
  type JuxConfig,
  type OptionSpec,
  type Origin,
  type SourceKind,
  type StorageMode,
} from "./schema.js";
export { checkConfig, loadConfig, type ConfigCheck, type LoadedConfig, type LoadOptions } from "./load.js";
export { PROJECT_FILES, type Candidate } from "./locations.js";
