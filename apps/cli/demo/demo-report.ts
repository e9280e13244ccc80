import { DateTime } from 'luxon';
import type { DemoHistory, DemoStatus, SignIn } from './demo.service';

/** The seed's last lines with DUBAN_DEMO=1: what the demo holds, and where and as whom to sign in; times in the profile's `zone`. */
export function demoReport(status: DemoStatus, history: DemoHistory | null, signIn: SignIn, zone: string): string[] {
  const local = (at: Date | string) => DateTime.fromJSDate(new Date(at), { zone }).toFormat('yyyy-MM-dd HH:mm');
  const lines: string[] = [];
  if (history) {
    const c = history.counts;
    lines.push(
      `demo: lived ${local(history.from)} → ${local(history.to)} (${zone}) in ${(history.ms / 1000).toFixed(1)} s: ${history.stops} clock stops, ${history.steps} engine steps, ${history.actions} actions`,
      `demo: reports ${c.reportsOnTime} on time, ${c.reportsLate} late, ${c.reportsMissing} overdue and missing (${c.reportsOpen} open in all); ` +
        `supervision open at levels 1/2/3: ${c.supervisionOpenLevel1}/${c.supervisionOpenLevel2}/${c.supervisionOpenLevel3} (${c.supervisionClosed} closed); ` +
        `problems ${c.problemsOpen} open, ${c.problemsAcknowledged + c.problemsInProgress} being worked, ${c.problemsResolved + c.problemsClosed} resolved or closed; ` +
        `tasks ${c.tasksAssigned} assigned, ${c.tasksInProgress + c.tasksSubmitted} in progress, ${c.tasksDone} done (${c.tasksOnTime} on time, ${c.tasksLate} late); ` +
        `${c.meetingsHeld} meetings held; rankings published for ${history.rankings.join(', ') || 'no month yet'}`,
    );
    if (history.skipped.length > 0) lines.push(`demo: ${history.skipped.length} action(s) skipped, see the warnings above`);
  } else if (status.kind === 'present') {
    lines.push(`demo: already seeded on ${local(status.marker.seededAt)} (history ${local(status.marker.from)} → ${local(status.marker.to)}); nothing changed`);
  } else if (status.kind === 'unavailable') {
    lines.push(`demo: not seeded: ${status.reason}`);
  }
  const accounts = status.kind === 'unavailable' ? signIn.accounts.filter((a) => a.username === 'admin') : signIn.accounts;
  lines.push(`Sign in at ${signIn.url} as:`);
  for (const a of accounts) lines.push(`  ${a.username.padEnd(10)} ${a.password.padEnd(22)} ${a.label} ${a.displayName}`);
  if (status.kind !== 'unavailable') lines.push('(demo passwords are published with Duban: for trying it out only; production refuses them)');
  return lines;
}
