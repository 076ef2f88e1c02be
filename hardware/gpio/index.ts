// Public surface of the GPIO layer. onoff is only reached through createOnoffBackend's
// dynamic import, so importing this module never loads native code.
export type { BackendName, Edge, GpioBackend, InputLine, InputOptions, Level, OutputLine, OutputOptions } from './types.js';
export { assertBcmLine, MAX_BCM_LINE } from './types.js';
export { LogicalOutput, logicalState, physicalLevel, type LogicalOutputOptions, type LogicalState } from './logical.js';
export { DEFAULT_SYSFS_ROOT, findGpioBase, listGpioChips, PI_GPIO_LABELS, sysfsUsable, type GpioBase, type GpioChipInfo } from './sysfs-base.js';
export { createOnoffBackend, type OnoffBackend, type OnoffBackendOptions } from './onoff-backend.js';
export {
  createSimulatedBackend,
  type SimulatedBackend,
  type SimulatedLineInfo,
  type SimulatedOptions,
  type WriteRecord,
} from './simulated-backend.js';
export { selectBackend, type BackendDescription, type BackendKind, type SelectedBackend, type SelectOptions } from './select.js';
export { applySafeStates, type SafeOutput, type SafeResult } from './safe.js';
