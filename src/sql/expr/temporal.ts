/**
 * Date and time arithmetic on MySQL's text forms ('YYYY-MM-DD',
 * 'YYYY-MM-DD HH:MM:SS[.ffffff]'), all in UTC-based calendar math so that
 * results never depend on the host's time zone.
 */

export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Microseconds. */
  micro: number;
  /** Whether the source had a time part. */
  hasTime: boolean;
}

const DATETIME_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/;

export function parseDateTime(value: string | number): DateTimeParts | null {
  const text = String(value).trim();
  let m = DATETIME_RE.exec(text);
  if (!m) m = COMPACT_RE.exec(text);
  if (!m) return null;
  const parts: DateTimeParts = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    micro: m[7] ? Number(m[7].padEnd(6, '0')) : 0,
    hasTime: m[4] !== undefined,
  };
  if (parts.month > 12 || parts.hour > 23 || parts.minute > 59 || parts.second > 59) return null;
  if (parts.month === 0 || parts.day === 0) return parts.year === 0 && parts.month === 0 && parts.day === 0 ? parts : null;
  if (parts.day > daysInMonth(parts.year, parts.month)) return null;
  return parts;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? 31;
}

/** Date.UTC without its 0..99 -> 1900..1999 year mapping. */
function utcMs(year: number, month0: number, day: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month0, day);
  d.setUTCHours(h, mi, s, ms);
  return d.getTime();
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function formatDate(p: DateTimeParts): string {
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

export function formatDateTime(p: DateTimeParts, fsp = 0): string {
  const base = `${formatDate(p)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
  return fsp > 0 ? `${base}.${String(p.micro).padStart(6, '0').slice(0, fsp)}` : base;
}

export function formatTime(p: DateTimeParts, fsp = 0): string {
  const base = `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
  return fsp > 0 ? `${base}.${String(p.micro).padStart(6, '0').slice(0, fsp)}` : base;
}

/** Milliseconds since the epoch (treating the parts as UTC) -> parts. */
export function partsFromEpochMs(ms: number): DateTimeParts {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micro: d.getUTCMilliseconds() * 1000,
    hasTime: true,
  };
}

export function epochMsOf(p: DateTimeParts): number {
  return utcMs(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, Math.floor(p.micro / 1000));
}

/** Day number (days since 0000-00-00 as MySQL's TO_DAYS counts). */
export function toDays(p: DateTimeParts): number {
  return dayNumber(p.year, p.month, p.day);
}

/** Interval in months and microseconds, from `INTERVAL value unit`. Null when the value does not fit the unit. */
export function intervalOf(value: string | number, unit: string): { months: number; micros: number } | null {
  const text = String(value).trim();
  const sign = text.startsWith('-') ? -1 : 1;
  // Composite units: every non-digit separates fields ('1.999999' SECOND_MICROSECOND is 1 s and
  // 999999 us); a microsecond field counts as a fraction ('1.5' is 500000 us), as MySQL scales it.
  const tokens = text.replace(/^[-+]/, '').split(/\D+/).filter((s) => s !== '');
  const nums = tokens.map(Number);
  if (unit.endsWith('_MICROSECOND') && tokens.length > 1) {
    const last = tokens[tokens.length - 1]!;
    nums[nums.length - 1] = last.length < 6 ? Number(last.padEnd(6, '0')) : Number(last.slice(0, 6));
  }
  const simple = Number(text);
  const micro = 1;
  const sec = 1_000_000;
  const fields = (...scales: number[]): number => {
    // Composite units: fill from the right ('1 2' DAY_HOUR -> 1 day 2 hours).
    const vals = nums.slice(-scales.length);
    while (vals.length < scales.length) vals.unshift(0);
    return vals.reduce((acc, v, i) => acc + v * scales[i]!, 0) * sign;
  };
  switch (unit) {
    case 'MICROSECOND':
      return { months: 0, micros: Math.trunc(simple) * micro };
    case 'SECOND':
      return { months: 0, micros: Math.round(simple * sec) };
    case 'MINUTE':
      return { months: 0, micros: Math.trunc(simple) * 60 * sec };
    case 'HOUR':
      return { months: 0, micros: Math.trunc(simple) * 3600 * sec };
    case 'DAY':
      return { months: 0, micros: Math.trunc(simple) * 86400 * sec };
    case 'WEEK':
      return { months: 0, micros: Math.trunc(simple) * 7 * 86400 * sec };
    case 'MONTH':
      return { months: Math.trunc(simple), micros: 0 };
    case 'QUARTER':
      return { months: Math.trunc(simple) * 3, micros: 0 };
    case 'YEAR':
      return { months: Math.trunc(simple) * 12, micros: 0 };
    case 'YEAR_MONTH':
      return { months: fields(12, 1), micros: 0 };
    case 'DAY_HOUR':
      return { months: 0, micros: fields(86400 * sec, 3600 * sec) };
    case 'DAY_MINUTE':
      return { months: 0, micros: fields(86400 * sec, 3600 * sec, 60 * sec) };
    case 'DAY_SECOND':
      return { months: 0, micros: fields(86400 * sec, 3600 * sec, 60 * sec, sec) };
    case 'HOUR_MINUTE':
      return { months: 0, micros: fields(3600 * sec, 60 * sec) };
    case 'HOUR_SECOND':
      return { months: 0, micros: fields(3600 * sec, 60 * sec, sec) };
    case 'MINUTE_SECOND':
      return { months: 0, micros: fields(60 * sec, sec) };
    case 'SECOND_MICROSECOND':
      return { months: 0, micros: fields(sec, micro) };
    case 'MINUTE_MICROSECOND':
      return { months: 0, micros: fields(60 * sec, sec, micro) };
    case 'HOUR_MICROSECOND':
      return { months: 0, micros: fields(3600 * sec, 60 * sec, sec, micro) };
    case 'DAY_MICROSECOND':
      return { months: 0, micros: fields(86400 * sec, 3600 * sec, 60 * sec, sec, micro) };
    default:
      return null;
  }
}

/** DATE_ADD: months first (clamping the day to the month's end), then the exact part. */
export function addInterval(p: DateTimeParts, iv: { months: number; micros: number }, sign: 1 | -1): DateTimeParts | null {
  let { year, month, day } = p;
  if (iv.months) {
    const total = year * 12 + (month - 1) + sign * iv.months;
    year = Math.floor(total / 12);
    month = (total % 12 + 12) % 12 + 1;
    day = Math.min(day, daysInMonth(year, month));
  }
  const baseMs = Date.UTC(year, month - 1, day, p.hour, p.minute, p.second);
  const totalMicros = p.micro + sign * iv.micros;
  const ms = baseMs + Math.floor(totalMicros / 1000);
  const out = partsFromEpochMs(ms);
  out.micro = ((totalMicros % 1_000_000) + 1_000_000) % 1_000_000;
  if (out.year < 1000 || out.year > 9999) return null;
  return out;
}

/** TIMESTAMPDIFF(unit, a, b): whole units from a to b. */
export function timestampDiff(unit: string, a: DateTimeParts, b: DateTimeParts): number | null {
  const msA = epochMsOf(a);
  const msB = epochMsOf(b);
  const micros = (msB - msA) * 1000 + ((b.micro % 1000) - (a.micro % 1000));
  const months = (): number => {
    let m = (b.year - a.year) * 12 + (b.month - a.month);
    const restA = ((a.day * 24 + a.hour) * 60 + a.minute) * 60 + a.second + a.micro / 1e6;
    const restB = ((b.day * 24 + b.hour) * 60 + b.minute) * 60 + b.second + b.micro / 1e6;
    if (m > 0 && restB < restA) m--;
    if (m < 0 && restB > restA) m++;
    return m;
  };
  switch (unit) {
    case 'MICROSECOND':
      return micros;
    case 'SECOND':
      return Math.trunc(micros / 1e6);
    case 'MINUTE':
      return Math.trunc(micros / 6e7);
    case 'HOUR':
      return Math.trunc(micros / 3.6e9);
    case 'DAY':
      return Math.trunc(micros / 8.64e10);
    case 'WEEK':
      return Math.trunc(micros / 6.048e11);
    case 'MONTH':
      return months();
    case 'QUARTER':
      return Math.trunc(months() / 3);
    case 'YEAR':
      return Math.trunc(months() / 12);
    default:
      return null;
  }
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
];

export function dayOfWeek(p: DateTimeParts): number {
  return (weekdayOf(dayNumber(p.year, p.month, p.day), false) + 1) % 7;
}
export function dayName(p: DateTimeParts): string {
  return DAY_NAMES[dayOfWeek(p)]!;
}
export function monthName(p: DateTimeParts): string {
  return MONTH_NAMES[p.month - 1]!;
}

function ordinalSuffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/** DATE_FORMAT with MySQL's common specifiers. */
export function dateFormat(p: DateTimeParts, format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    const s = format[++i]!;
    const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
    switch (s) {
      case 'Y': out += String(p.year).padStart(4, '0'); break;
      case 'y': out += pad2(p.year % 100); break;
      case 'm': out += pad2(p.month); break;
      case 'c': out += String(p.month); break;
      case 'M': out += monthName(p); break;
      case 'b': out += monthName(p).slice(0, 3); break;
      case 'd': out += pad2(p.day); break;
      case 'e': out += String(p.day); break;
      case 'D': out += `${p.day}${ordinalSuffix(p.day)}`; break;
      case 'H': out += pad2(p.hour); break;
      case 'k': out += String(p.hour); break;
      case 'h': case 'I': out += pad2(hour12); break;
      case 'l': out += String(hour12); break;
      case 'i': out += pad2(p.minute); break;
      case 's': case 'S': out += pad2(p.second); break;
      case 'f': out += String(p.micro).padStart(6, '0'); break;
      case 'p': out += p.hour < 12 ? 'AM' : 'PM'; break;
      case 'r': out += `${pad2(hour12)}:${pad2(p.minute)}:${pad2(p.second)} ${p.hour < 12 ? 'AM' : 'PM'}`; break;
      case 'T': out += formatTime(p); break;
      case 'W': out += dayName(p); break;
      case 'a': out += dayName(p).slice(0, 3); break;
      case 'w': out += String(dayOfWeek(p)); break;
      case 'j': out += String(toDays(p) - toDays({ ...p, month: 1, day: 1 }) + 1).padStart(3, '0'); break;
      default: out += s;
    }
  }
  return out;
}

// ---------------------------------------------------------------- MySQL's calendar and lenient parsing
// (additions for the builtin functions: my_time.cc / sql_time.cc semantics)

/** A TIME value: up to 838:59:59.999999 either side of zero. */
export interface TimeParts {
  neg: boolean;
  hour: number;
  minute: number;
  second: number;
  micro: number;
}

/** The largest TIME, in microseconds (838:59:59.000000). */
export const TIME_MAX_MICROS = ((838 * 60 + 59) * 60 + 59) * 1_000_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** calc_daynr(): MySQL's day number (TO_DAYS), exact for 0000-01-01 .. 9999-12-31. */
export function dayNumber(year: number, month: number, day: number): number {
  if (year === 0 && month === 0) return 0;
  let delsum = 365 * year + 31 * (month - 1) + day;
  let y = year;
  if (month <= 2) y--;
  else delsum -= Math.floor((month * 4 + 23) / 10);
  const temp = Math.floor(((Math.floor(y / 100) + 1) * 3) / 4);
  return delsum + Math.floor(y / 4) - temp;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** get_date_from_daynr(): FROM_DAYS; day numbers before 366 are 0000-00-00. Null past year 9999. */
export function fromDayNumber(daynr: number): { year: number; month: number; day: number } | null {
  if (!Number.isFinite(daynr) || daynr <= 365 || daynr >= 3652500) return daynr >= 3652500 ? null : { year: 0, month: 0, day: 0 };
  let year = Math.floor((daynr * 100) / 36525);
  const temp = Math.floor(((Math.floor((year - 1) / 100) + 1) * 3) / 4);
  let dayOfYear = daynr - year * 365 - Math.floor((year - 1) / 4) + temp;
  let diy: number;
  while (dayOfYear > (diy = daysInYear(year))) {
    dayOfYear -= diy;
    year++;
  }
  let leapDay = 0;
  if (diy === 366 && dayOfYear > 31 + 28) {
    dayOfYear--;
    if (dayOfYear === 31 + 28) leapDay = 1;
  }
  let month = 1;
  for (let i = 0; dayOfYear > MONTH_DAYS[i]!; i++) {
    dayOfYear -= MONTH_DAYS[i]!;
    month++;
  }
  if (year > 9999) return null;
  return { year, month, day: dayOfYear + leapDay };
}

/** calc_weekday(): 0 = Monday (or Sunday when sundayFirst). */
export function weekdayOf(daynr: number, sundayFirst: boolean): number {
  return (((daynr + 5 + (sundayFirst ? 1 : 0)) % 7) + 7) % 7;
}

const WEEK_MONDAY_FIRST = 1;
const WEEK_YEAR = 2;
const WEEK_FIRST_WEEKDAY = 4;

/** week_mode(): the WEEK() mode argument as calc_week() behaviour bits. */
export function weekMode(mode: number): number {
  let format = mode & 7;
  if (!(format & WEEK_MONDAY_FIRST)) format ^= WEEK_FIRST_WEEKDAY;
  return format;
}

/** calc_week(): the week number and the year it belongs to. */
export function calcWeek(p: { year: number; month: number; day: number }, behaviour: number): { week: number; year: number } {
  const daynr = dayNumber(p.year, p.month, p.day);
  let firstDaynr = dayNumber(p.year, 1, 1);
  const mondayFirst = (behaviour & WEEK_MONDAY_FIRST) !== 0;
  let weekYear = (behaviour & WEEK_YEAR) !== 0;
  const firstWeekday = (behaviour & WEEK_FIRST_WEEKDAY) !== 0;
  let weekday = weekdayOf(firstDaynr, !mondayFirst);
  let year = p.year;
  let days: number;
  if (p.month === 1 && p.day <= 7 - weekday) {
    if (!weekYear && ((firstWeekday && weekday !== 0) || (!firstWeekday && weekday >= 4))) return { week: 0, year };
    weekYear = true;
    year--;
    days = daysInYear(year);
    firstDaynr -= days;
    weekday = (weekday + 53 * 7 - days) % 7;
  }
  if ((firstWeekday && weekday !== 0) || (!firstWeekday && weekday >= 4)) days = daynr - (firstDaynr + (7 - weekday));
  else days = daynr - (firstDaynr - weekday);
  if (weekYear && days >= 52 * 7) {
    weekday = (weekday + daysInYear(year)) % 7;
    if ((!firstWeekday && weekday < 4) || (firstWeekday && weekday === 0)) return { week: 1, year: year + 1 };
  }
  return { week: Math.floor(days / 7) + 1, year };
}

/** A parsed date/datetime: its parts, whether it had a time part, and whether text was left over (1292 "Truncated"). */
export interface LooseDateTime {
  parts: DateTimeParts;
  truncated: boolean;
}

function twoDigitYear(y: number): number {
  return y < 70 ? 2000 + y : 1900 + y;
}

function validDate(p: DateTimeParts, fuzzy: boolean): boolean {
  if (p.year > 9999 || p.month > 12 || p.hour > 23 || p.minute > 59 || p.second > 59) return false;
  if (p.month === 0 || p.day === 0) return fuzzy;
  return p.day <= (p.month === 2 && isLeapYear(p.year) ? 29 : MONTH_DAYS[p.month - 1]!);
}

/**
 * str_to_datetime(): MySQL's lenient text -> DATE/DATETIME. Any punctuation
 * separates parts ('2026/1/5 10.20.30'), 'T' or spaces separate date and time,
 * digit-only strings are YYYYMMDD[HHMMSS] or YYMMDD[HHMMSS], two-digit years are
 * 1970-2069. Zero parts are allowed when `fuzzy` (YEAR(), MONTH() take them).
 */
export function parseDateTimeLoose(value: string, fuzzy = true): LooseDateTime | null {
  const text = value.replace(/^[\s]+/, '');
  const digitRun = /^\d+/.exec(text)?.[0] ?? '';
  if (digitRun.length === 0) return null;
  let parts: DateTimeParts;
  let rest: string;
  const after = text[digitRun.length];
  if (after === undefined || after === '.' || text.slice(digitRun.length).trim() === '') {
    // digits only (MySQL's internal format): YYYYMMDD[HHMMSS] when 4, 8 or 14+ digits, else YYMMDD[HHMMSS]
    const d = digitRun;
    const longYear = d.length === 4 || d.length === 8 || d.length >= 14;
    const yLen = longYear ? 4 : 2;
    const take = (from: number, len: number): number => Number(d.slice(from, from + len) || '0');
    let year = take(0, yLen);
    if (!longYear) year = twoDigitYear(year);
    parts = {
      year,
      month: take(yLen, 2),
      day: take(yLen + 2, 2),
      hour: take(yLen + 4, 2),
      minute: take(yLen + 6, 2),
      second: take(yLen + 8, 2),
      micro: 0,
      hasTime: d.length > yLen + 4,
    };
    if (d.length > yLen + 10) return null;
    rest = text.slice(d.length);
    if (parts.hasTime && rest.startsWith('.')) {
      const frac = /^\.(\d*)/.exec(rest)![1]!;
      parts.micro = fractionMicros(frac);
      rest = rest.slice(1 + frac.length);
    }
  } else {
    const m = /^(\d{1,4})[^\d\s](\d{1,2})[^\d\s](\d{1,2})/.exec(text);
    if (!m) return null;
    let year = Number(m[1]);
    if (m[1]!.length <= 2) year = twoDigitYear(year);
    parts = { year, month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0, second: 0, micro: 0, hasTime: false };
    rest = text.slice(m[0].length);
    const t = /^(?:[T ]|\s+)(\d{1,2})(?:[^\d\s](\d{1,2})(?:[^\d\s](\d{1,2})(?:\.(\d*))?)?)?/.exec(rest);
    if (t) {
      parts.hasTime = true;
      parts.hour = Number(t[1]);
      parts.minute = Number(t[2] ?? 0);
      parts.second = Number(t[3] ?? 0);
      parts.micro = t[4] !== undefined ? fractionMicros(t[4]) : 0;
      rest = rest.slice(t[0].length);
    }
  }
  if (parts.micro >= 1_000_000) {
    parts.micro = 0;
    parts.second++;
  }
  if (!validDate(parts, fuzzy)) return null;
  return { parts, truncated: rest.trim() !== '' };
}

/** Fractional seconds text -> microseconds, rounded at the 7th digit (as MySQL rounds). */
function fractionMicros(frac: string): number {
  if (frac === '') return 0;
  const six = Number(frac.slice(0, 6).padEnd(6, '0'));
  return frac.length > 6 && Number(frac[6]) >= 5 ? six + 1 : six;
}

/** number_to_datetime(): 20260115 / 260115 / 20260115103000 / 260115103000. */
export function dateTimeFromNumber(n: number): DateTimeParts | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const whole = Math.trunc(n);
  const micro = Math.round((n - whole) * 1e6);
  if (whole === 0) return { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0, hasTime: false };
  let digits = String(whole);
  if (whole < 101) return null;
  if (digits.length <= 6) digits = digits.padStart(6, '0');
  else if (digits.length <= 8) digits = digits.padStart(8, '0');
  else if (digits.length <= 12) digits = digits.padStart(12, '0');
  else if (digits.length <= 14) digits = digits.padStart(14, '0');
  else return null;
  const r = parseDateTimeLoose(digits);
  if (!r) return null;
  r.parts.micro = r.parts.hasTime ? micro : 0;
  return r.parts;
}

/** A TIME's total microseconds (signed). */
export function timeToMicros(t: TimeParts): number {
  const v = ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.micro;
  return t.neg ? -v : v;
}

/** Signed microseconds -> TIME parts (no clamping). */
export function timeFromMicros(micros: number): TimeParts {
  const neg = micros < 0;
  let v = Math.abs(Math.round(micros));
  const micro = v % 1_000_000;
  v = Math.floor(v / 1_000_000);
  const second = v % 60;
  v = Math.floor(v / 60);
  return { neg, hour: Math.floor(v / 60), minute: v % 60, second, micro };
}

/** Clamps to ±838:59:59 (returns whether it clamped). */
export function clampTime(t: TimeParts): { time: TimeParts; clamped: boolean } {
  const us = Math.abs(timeToMicros(t));
  if (us <= TIME_MAX_MICROS + 999_999 && t.hour <= 838) return { time: t, clamped: false };
  return { time: { neg: t.neg, hour: 838, minute: 59, second: 59, micro: 0 }, clamped: true };
}

export function formatTimeParts(t: TimeParts, fsp = 0): string {
  const base = `${t.neg && timeToMicros(t) !== 0 ? '-' : ''}${String(t.hour).padStart(2, '0')}:${pad2(t.minute)}:${pad2(t.second)}`;
  return fsp > 0 ? `${base}.${String(t.micro).padStart(6, '0').slice(0, fsp)}` : base;
}

/**
 * str_to_time(): '[-][D ]HH:MM[:SS[.frac]]', 'MM:SS' is not a form ('12:30' is
 * 12:30:00), digit strings are [H..H]HMMSS, and a full datetime text gives its
 * time part. Out of range values clamp to ±838:59:59 (`clamped`).
 */
export function parseTimeLoose(value: string): { time: TimeParts; truncated: boolean; clamped: boolean } | null {
  const text = value.trim();
  if (/^\d{1,4}[^\d\s:]\d{1,2}[^\d\s:]\d{1,2}/.test(text) || /^\d{8}(\d{6})?(\.\d*)?$/.test(text) && text.length >= 12) {
    const dt = parseDateTimeLoose(text);
    if (dt) return { time: { neg: false, hour: dt.parts.hour, minute: dt.parts.minute, second: dt.parts.second, micro: dt.parts.micro }, truncated: dt.truncated, clamped: false };
  }
  const m = /^(-)?\s*(?:(\d+)\s+)?(\d+)(?::(\d+)(?::(\d+))?)?(?:\.(\d*))?/.exec(text);
  if (!m) return null;
  const neg = m[1] === '-';
  let hour: number;
  let minute: number;
  let second: number;
  if (m[4] === undefined && m[2] === undefined) {
    // digits only: [H..H]HMMSS
    const d = m[3]!;
    second = Number(d.slice(-2));
    minute = d.length > 2 ? Number(d.slice(-4, -2)) : 0;
    hour = d.length > 4 ? Number(d.slice(0, -4)) : 0;
  } else {
    hour = Number(m[3]) + (m[2] !== undefined ? Number(m[2]) * 24 : 0);
    minute = Number(m[4] ?? 0);
    second = Number(m[5] ?? 0);
  }
  if (minute > 59 || second > 59) return null;
  let micro = m[6] !== undefined ? fractionMicros(m[6]) : 0;
  if (micro >= 1_000_000) {
    micro = 0;
    second++;
  }
  const rest = text.slice(m[0].length);
  const c = clampTime({ neg, hour, minute, second, micro });
  return { time: c.time, truncated: rest.trim() !== '', clamped: c.clamped };
}

/** number_to_time(): HHMMSS[.ffffff], e.g. 103000 -> 10:30:00. */
export function timeFromNumber(n: number): { time: TimeParts; clamped: boolean } | null {
  if (!Number.isFinite(n)) return null;
  const neg = n < 0;
  const abs = Math.abs(n);
  const whole = Math.trunc(abs);
  if (whole >= 10_000_000_000) {
    // a datetime number: its time part
    const dt = dateTimeFromNumber(abs);
    if (!dt) return null;
    return { time: { neg: false, hour: dt.hour, minute: dt.minute, second: dt.second, micro: dt.micro }, clamped: false };
  }
  const second = whole % 100;
  const minute = Math.floor(whole / 100) % 100;
  const hour = Math.floor(whole / 10000);
  if (minute > 59 || second > 59) return null;
  const micro = Math.round((abs - whole) * 1e6);
  const c = clampTime({ neg, hour, minute, second, micro });
  return { time: c.time, clamped: c.clamped };
}

/** Day-of-year (1..366). */
export function dayOfYear(p: { year: number; month: number; day: number }): number {
  return dayNumber(p.year, p.month, p.day) - dayNumber(p.year, 1, 1) + 1;
}

/** A datetime's seconds since 0000-00-00 (TO_SECONDS). */
export function toSeconds(p: DateTimeParts): number {
  return dayNumber(p.year, p.month, p.day) * 86400 + p.hour * 3600 + p.minute * 60 + p.second;
}

/** Options of formatDateTimeSpec: a TIME value (hours past 23 allowed, no date). */
export interface DateFormatOptions {
  /** The value is a TIME (TIME_FORMAT): date specifiers give NULL or zeros. */
  time?: TimeParts;
}

/**
 * make_date_time(): DATE_FORMAT / TIME_FORMAT with every MySQL specifier
 * (%a %b %c %D %d %e %f %H %h %I %i %j %k %l %M %m %p %r %S %s %T %U %u %V %v
 * %W %w %X %x %Y %y %%). Null where MySQL returns NULL: a name or weekday of a
 * zero month or date.
 */
export function formatDateTimeSpec(p: DateTimeParts, format: string, opts: DateFormatOptions = {}): string | null {
  const t = opts.time;
  const hours = t ? t.hour : p.hour;
  const zeroDate = p.year === 0 && p.month === 0 && p.day === 0;
  const daynr = () => dayNumber(p.year, p.month, p.day);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    const s = format[++i]!;
    const hour12 = hours % 24 % 12 === 0 ? 12 : (hours % 24) % 12;
    switch (s) {
      case 'M':
        if (p.month === 0 || t) return null;
        out += MONTH_NAMES[p.month - 1];
        break;
      case 'b':
        if (p.month === 0 || t) return null;
        out += MONTH_NAMES[p.month - 1]!.slice(0, 3);
        break;
      case 'W':
        if (zeroDate || p.month === 0 || p.day === 0 || t) return null;
        out += DAY_NAMES[(weekdayOf(daynr(), false) + 1) % 7];
        break;
      case 'a':
        if (zeroDate || p.month === 0 || p.day === 0 || t) return null;
        out += DAY_NAMES[(weekdayOf(daynr(), false) + 1) % 7]!.slice(0, 3);
        break;
      case 'D':
        if (t) return null;
        out += `${p.day}${p.day >= 10 && p.day <= 19 ? 'th' : ordinalSuffix(p.day)}`;
        break;
      case 'Y': out += String(p.year).padStart(4, '0'); break;
      case 'y': out += pad2(p.year % 100); break;
      case 'm': out += pad2(p.month); break;
      case 'c': out += String(p.month); break;
      case 'd': out += pad2(p.day); break;
      case 'e': out += String(p.day); break;
      case 'f': out += String(t ? t.micro : p.micro).padStart(6, '0'); break;
      case 'H': out += String(hours).padStart(2, '0'); break;
      case 'k': out += String(hours); break;
      case 'h': case 'I': out += pad2(hour12); break;
      case 'l': out += String(hour12); break;
      case 'i': out += pad2(t ? t.minute : p.minute); break;
      case 's': case 'S': out += pad2(t ? t.second : p.second); break;
      case 'j':
        if (t) return null;
        out += String(p.month === 0 || p.day === 0 ? 0 : dayOfYear(p)).padStart(3, '0');
        break;
      case 'p': out += hours % 24 < 12 ? 'AM' : 'PM'; break;
      case 'r': out += `${pad2(hour12)}:${pad2(t ? t.minute : p.minute)}:${pad2(t ? t.second : p.second)} ${hours % 24 < 12 ? 'AM' : 'PM'}`; break;
      case 'T': out += `${String(hours).padStart(2, '0')}:${pad2(t ? t.minute : p.minute)}:${pad2(t ? t.second : p.second)}`; break;
      case 'U': case 'u': {
        if (t || zeroDate || p.month === 0 || p.day === 0) return null;
        out += pad2(calcWeek(p, s === 'U' ? WEEK_FIRST_WEEKDAY : WEEK_MONDAY_FIRST).week);
        break;
      }
      case 'V': case 'v': {
        if (t || zeroDate || p.month === 0 || p.day === 0) return null;
        out += pad2(calcWeek(p, s === 'V' ? WEEK_YEAR | WEEK_FIRST_WEEKDAY : WEEK_YEAR | WEEK_MONDAY_FIRST).week);
        break;
      }
      case 'X': case 'x': {
        if (t || zeroDate || p.month === 0 || p.day === 0) return null;
        out += String(calcWeek(p, s === 'X' ? WEEK_YEAR | WEEK_FIRST_WEEKDAY : WEEK_YEAR | WEEK_MONDAY_FIRST).year).padStart(4, '0');
        break;
      }
      case 'w':
        if (t || zeroDate || p.month === 0 || p.day === 0) return null;
        out += String((weekdayOf(daynr(), false) + 1) % 7);
        break;
      default: out += s;
    }
  }
  return out;
}

/** What STR_TO_DATE read: the value and which kinds of fields the format has. */
export interface ParsedByFormat {
  parts: DateTimeParts;
  hasDate: boolean;
  hasTime: boolean;
  hasMicro: boolean;
}

/** The kinds of fields a STR_TO_DATE format produces (Item_func_str_to_date::fix_from_format). */
export function formatFieldKinds(format: string): { hasDate: boolean; hasTime: boolean; hasMicro: boolean } {
  let hasDate = false;
  let hasTime = false;
  let hasMicro = false;
  for (let i = 0; i + 1 < format.length; i++) {
    if (format[i] !== '%') continue;
    const s = format[++i]!;
    if ('aDdejMmbcWwUuVvXxYy'.includes(s)) hasDate = true;
    else if ('HhIiklpSsrT'.includes(s)) hasTime = true;
    else if (s === 'f') {
      hasTime = true;
      hasMicro = true;
    }
  }
  return { hasDate, hasTime, hasMicro };
}

/**
 * extract_date_time(): STR_TO_DATE's parser. Whitespace in the value is
 * skipped before each field; a literal format character must match. Null
 * when the value does not fit the format or the date is invalid.
 */
export function parseByFormat(value: string, format: string): ParsedByFormat | null {
  const kinds = formatFieldKinds(format);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let micro = 0;
  let pm: boolean | null = null;
  let hour12 = false;
  let yearday = 0;
  let weekNumber = -1;
  let weekday = 0;
  let strictWeek = false;
  let sundayFirst = false;
  let weekYear = -1;
  let weekYearSundayFirst = false;
  let digitsRead = 0;
  let pos = 0;
  const skipSpace = (): void => {
    while (pos < value.length && /\s/.test(value[pos]!)) pos++;
  };
  const readInt = (maxLen: number): number | null => {
    skipSpace();
    const start = pos;
    if (value[pos] === '-' || value[pos] === '+') pos++;
    const digitsStart = pos;
    while (pos < value.length && pos - digitsStart < maxLen && /\d/.test(value[pos]!)) pos++;
    digitsRead = pos - digitsStart;
    if (digitsRead === 0) return null;
    const n = Number(value.slice(start, pos));
    return Number.isNaN(n) ? null : n;
  };
  const readName = (names: readonly string[], abbrev: boolean): number | null => {
    skipSpace();
    const rest = value.slice(pos).toLowerCase();
    for (let k = 0; k < names.length; k++) {
      const n = abbrev ? names[k]!.slice(0, 3) : names[k]!;
      if (rest.startsWith(n.toLowerCase())) {
        pos += n.length;
        return k;
      }
    }
    return null;
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (/\s/.test(c)) {
      skipSpace();
      continue;
    }
    if (c !== '%' || i + 1 >= format.length) {
      skipSpace();
      if (value[pos] !== c) return null;
      pos++;
      continue;
    }
    const s = format[++i]!;
    let n: number | null;
    switch (s) {
      case 'Y':
        n = readInt(4);
        if (n === null) return null;
        year = digitsRead <= 2 ? twoDigitYear(n) : n;
        break;
      case 'y':
        n = readInt(2);
        if (n === null) return null;
        year = twoDigitYear(n);
        break;
      case 'm': case 'c':
        n = readInt(2);
        if (n === null) return null;
        month = n;
        break;
      case 'M': case 'b':
        n = readName(MONTH_NAMES, s === 'b');
        if (n === null) return null;
        month = n + 1;
        break;
      case 'd': case 'e':
        n = readInt(2);
        if (n === null) return null;
        day = n;
        break;
      case 'D':
        n = readInt(2);
        if (n === null) return null;
        day = n;
        pos += Math.min(2, value.length - pos);
        break;
      case 'H': case 'k':
        n = readInt(2);
        if (n === null) return null;
        hour = n;
        break;
      case 'h': case 'I': case 'l':
        n = readInt(2);
        if (n === null) return null;
        hour = n;
        hour12 = true;
        break;
      case 'i':
        n = readInt(2);
        if (n === null) return null;
        minute = n;
        break;
      case 's': case 'S':
        n = readInt(2);
        if (n === null) return null;
        second = n;
        break;
      case 'f': {
        skipSpace();
        const start = pos;
        while (pos < value.length && pos - start < 6 && /\d/.test(value[pos]!)) pos++;
        if (pos === start) return null;
        micro = Number(value.slice(start, pos).padEnd(6, '0'));
        break;
      }
      case 'p': {
        skipSpace();
        const two = value.slice(pos, pos + 2).toUpperCase();
        if (two !== 'AM' && two !== 'PM') return null;
        pm = two === 'PM';
        pos += 2;
        break;
      }
      case 'W': case 'a':
        n = readName(DAY_NAMES.slice(1).concat(DAY_NAMES[0]!), s === 'a');
        if (n === null) return null;
        weekday = n + 1;
        break;
      case 'w':
        n = readInt(1);
        if (n === null || n > 6) return null;
        weekday = n === 0 ? 7 : n;
        break;
      case 'j':
        n = readInt(3);
        if (n === null) return null;
        yearday = n;
        break;
      case 'U': case 'u': case 'V': case 'v':
        n = readInt(2);
        if (n === null) return null;
        weekNumber = n;
        sundayFirst = s === 'U' || s === 'V';
        strictWeek = s === 'V' || s === 'v';
        break;
      case 'X': case 'x':
        n = readInt(4);
        if (n === null) return null;
        weekYear = n;
        weekYearSundayFirst = s === 'X';
        break;
      case 'r': case 'T': {
        const sub = parseByFormat(value.slice(pos), s === 'r' ? '%I:%i:%S %p' : '%H:%i:%S');
        if (!sub) return null;
        // re-read to find how much was consumed
        const m = s === 'r' ? /^\s*\d{1,2}:\d{1,2}:\d{1,2}\s*[AaPp][Mm]/.exec(value.slice(pos)) : /^\s*\d{1,2}:\d{1,2}:\d{1,2}/.exec(value.slice(pos));
        if (!m) return null;
        pos += m[0].length;
        hour = sub.parts.hour;
        minute = sub.parts.minute;
        second = sub.parts.second;
        break;
      }
      case '%':
        skipSpace();
        if (value[pos] !== '%') return null;
        pos++;
        break;
      default:
        skipSpace();
        if (value[pos] !== s) return null;
        pos++;
    }
  }
  if (pm !== null || hour12) {
    if (hour > 12 || hour < 1) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (yearday > 0) {
    const d = fromDayNumber(dayNumber(year, 1, 1) + yearday - 1);
    if (!d) return null;
    year = d.year;
    month = d.month;
    day = d.day;
  }
  if (weekNumber >= 0 && weekday > 0) {
    // %V/%v need %X/%x of the same kind; %U/%u must not have them
    if ((strictWeek && (weekYear < 0 || weekYearSundayFirst !== sundayFirst)) || (!strictWeek && weekYear >= 0)) return null;
    let days = dayNumber(strictWeek ? weekYear : year, 1, 1);
    const firstWeekday = weekdayOf(days, sundayFirst);
    if (sundayFirst) days += (firstWeekday === 0 ? 0 : 7) - firstWeekday + (weekNumber - 1) * 7 + (weekday % 7);
    else days += (firstWeekday <= 3 ? 0 : 7) - firstWeekday + (weekNumber - 1) * 7 + (weekday - 1);
    const d = days > 0 ? fromDayNumber(days) : null;
    if (!d) return null;
    year = d.year;
    month = d.month;
    day = d.day;
  }
  if (month > 12 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const parts: DateTimeParts = { year, month, day, hour, minute, second, micro, hasTime: kinds.hasTime };
  if (month > 0 && day > 0 && day > daysInMonth(year, month)) return null;
  return { parts, ...kinds };
}

/**
 * date_add_interval(): months first (the day clipped to the month's end), then
 * the exact part, in MySQL's day numbers (years 0..9999). Null past the range.
 */
export function addToDateTime(p: DateTimeParts, months: number, micros: number): DateTimeParts | null {
  let { year, month, day } = p;
  if (months) {
    const total = year * 12 + (month - 1) + months;
    if (!Number.isFinite(total) || total < 0 || total >= 10000 * 12) return null;
    year = Math.floor(total / 12);
    month = (total % 12) + 1;
    day = Math.min(day, daysInMonth(year, month));
  }
  const dayUs = 86_400_000_000;
  let us = ((p.hour * 60 + p.minute) * 60 + p.second) * 1_000_000 + p.micro + micros;
  const shift = Math.floor(us / dayUs);
  us -= shift * dayUs;
  const dn = dayNumber(year, month, day) + shift;
  if (!Number.isFinite(dn) || dn < 366 || dn > 3652424) return null;
  const d = fromDayNumber(dn);
  if (!d) return null;
  const secs = Math.floor(us / 1_000_000);
  return {
    year: d.year,
    month: d.month,
    day: d.day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    micro: Math.round(us - secs * 1_000_000),
    hasTime: true,
  };
}
