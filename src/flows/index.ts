export {
  decodeButton,
  encodeButton,
  MAX_CALLBACK_BYTES,
  NONCE_PATTERN,
  randomNonce,
  SKIP_CHOICE,
  STOP_CHOICE,
} from './buttons.js';
export {
  EXPLOITATION_FORMS,
  type ExploitationForm,
  FLOW_VARIABLES,
  type FlowDefinition,
  type FlowNode,
  type FlowVariable,
  HANDOVER_REASONS,
  type HandoverReason,
  INDICATORS,
  type Indicator,
  SET_FIELDS,
  type SetField,
  URGENT_REASONS,
  type UrgentReason,
} from './definition.js';
export {
  type FlowButton,
  type FlowEffect,
  type FlowInput,
  type FlowState,
  type RecordEffect,
  repeatQuestion,
  type SayEffect,
  type StepOptions,
  type StepResult,
  step,
  tappedLabel,
} from './engine.js';
export { FlowRegistry } from './load.js';
export { loadBundledFlows } from './load-bundled.js';
export {
  type RecordedAnswer,
  STRONG_INDICATORS,
  STRONG_WAGE_ANSWERS,
  type TriageFacts,
  type TriageLevel,
  type TriageReason,
  type TriageResult,
  triage,
} from './triage.js';
export {
  type FlowIssue,
  type FlowIssueCode,
  FlowValidationError,
  formatIssue,
  type LocaleCatalog,
  MAX_LABEL_LENGTH,
} from './validate.js';
