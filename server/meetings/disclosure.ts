// A frozen meeting as shown with the secrecy of small numbers, at the threshold frozen with it: the same
// masking as the figure routes, so a public meeting reads exactly like the public figures of that day.
import { discloseAnnualReport } from '../figures/annual-report.ts';
import { discloseCoverage, discloseTargets } from '../figures/disclosure.ts';
import type { MeetingContent } from './snapshot.ts';

export function discloseMeeting(content: MeetingContent): MeetingContent {
  const { threshold } = content;
  return {
    ...content,
    targets: discloseTargets(content.targets, threshold),
    coverage: content.coverage.map((c) => discloseCoverage(c, threshold)),
    annualReport: content.annualReport && discloseAnnualReport(content.annualReport, threshold),
  };
}
