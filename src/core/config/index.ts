export {
  ConfigError,
  maskSecret,
  OPTIONS,
  type JuxConfig,
  type OptionSpec,
  type Origin,
  type SourceKind,
} from "./schema.js";
export { checkConfig, loadConfig, type ConfigCheck, type LoadedConfig, type LoadOptions } from "./load.js";
export { PROJECT_FILES, type Candidate } from "./locations.js";
export {
  configFromInputs,
  INPUT_OPTIONS,
  type InputConfig,
  type InputContext,
  type InputGetter,
} from "./inputs.js";
