// Public surface of classroom air quality: live room states, the ICONE index, the weekly report.
export {
  AIR_METRICS, DEFAULT_STALE_MINUTES, DEFAULT_THRESHOLDS, HYSTERESIS,
  classify, co2Level, co2Trend, comfortLevel, initialRoomState, overallOf, pm25Level, roomStep,
  type AirEvent, type AirInput, type AirMetric, type Classification, type Co2Level, type ComfortLevel,
  type MetricState, type Overall, type Pm25Level, type RoomAirState, type StepConfig, type StepResult,
  type Trend, type TrendOptions,
} from './states.js';
export {
  DEFAULT_HOLD_MS, ICONE_COEFFICIENT, ICONE_HIGH_PPM, ICONE_LABELS, ICONE_LOW_PPM, SLOT_MS,
  iconeBetween, iconeClass, iconeFromSlots, iconeIndex, iconeRaw, prepare, tenMinuteMeans, weeklyIcone,
  type Co2Reading, type IconeIndex, type IconeOptions, type IconeStats, type IconeWeek, type Slot,
} from './icone.js';
export {
  dayIntervals, hasClass, isoWeekBounds, isoWeekMonday, isoWeekOf, isoWeeksBetween, mergeIntervals,
  occupiedAt, occupiedIntervals, totalMs,
  type CalendarLike, type Interval, type OccupancyContext, type RoomTimetable,
} from './occupancy.js';
export {
  DEFAULT_MIN_COMPLETENESS, reportHeader, reportRow, reportTable, weeklyReport,
  type Cell, type ReportLocale, type ReportOptions, type ReportTable,
} from './report.js';
