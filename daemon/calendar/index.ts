// Public surface of the school calendar (school holidays per zone, bank holidays per region).
export {
  SchoolCalendar, loadCalendar, reloadCalendar, parseCalendar, defaultCalendarDir, HOLIDAYS_FILE, BANK_HOLIDAYS_FILE,
  type SchoolDayOptions, type SchoolDayKind, type WednesdayMode, type Coverage, type DateRange,
} from './calendar.js';
export { CalendarError } from './errors.js';
export type { HolidaySpan } from './holiday-data.js';
export type { BankRegion } from './generate-bank-holidays.js';
export { addDays, weekday, isIsoDate, type IsoDate } from './civil.js';
export { localDate, localParts, zonedTimeToUtc, assertTimeZone } from './zoned.js';
