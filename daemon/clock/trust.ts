// Whether the wall clock can be trusted. A Pi without RTC boots with fake-hwclock's last saved
// time until NTP synchronises; systemd-timesyncd marks that moment with a file.
import fs from 'node:fs';

export interface ClockState {
  trusted: boolean | null;
  source: string;
}

export function readClockState(paths = { timesync: '/run/systemd/timesync/synchronized' }): ClockState {
  if (fs.existsSync(paths.timesync)) return { trusted: true, source: 'systemd-timesyncd' };
  if (fs.existsSync('/run/systemd/timesync')) return { trusted: false, source: 'systemd-timesyncd (not yet synchronised)' };
  return { trusted: null, source: 'unknown (no systemd-timesyncd state)' };
}
