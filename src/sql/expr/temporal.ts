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
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
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
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, Math.floor(p.micro / 1000));
}

/** Day number (days since 0000-00-00 as MySQL's TO_DAYS counts). */
export function toDays(p: DateTimeParts): number {
  return Math.floor(Date.UTC(p.year, p.month - 1, p.day) / 86_400_000) + 719528;
}

/** Interval in months and microseconds, from `INTERVAL value unit`. Null when the value does not fit the unit. */
export function intervalOf(value: string | number, unit: string): { months: number; micros: number } | null {
  const text = String(value).trim();
  const sign = text.startsWith('-') ? -1 : 1;
  const nums = text.replace(/^[-+]/, '').split(/[^0-9.]+/).filter((s) => s !== '').map(Number);
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
  return new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
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
