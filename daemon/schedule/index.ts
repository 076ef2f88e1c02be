// Public surface of the schedule: rules, pure evaluation, and the timer driver.
export {
  ScheduleRuleSchema, checkRules, parseRules, compileRules, ScheduleRuleError, WEEKDAYS,
  type ScheduleRule, type RuleProblem, type Weekday,
} from './rules.js';
export {
  nextChange, nextChanges, stateAt, statesAt, changesBetween, LOOKBACK_MS, DEFAULT_HORIZON_DAYS,
  type Change, type DeviceState, type ScheduleCalendar, type NextOptions,
} from './engine.js';
export {
  Scheduler, DEFAULT_HOLD_WHEN_UNTRUSTED, type SchedulerOptions, type FiredChange, type TargetState,
} from './scheduler.js';
