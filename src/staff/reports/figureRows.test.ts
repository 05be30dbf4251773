import { describe, expect, it } from '@jest/globals';
import { reportFigures } from '@/domain/reports/figures';
import { serviceFigures } from '@/domain/reports/service';
import { memberFigures } from '@/domain/reports/members';
import { REPORT_FIGURES } from '@/domain/reports/sheet';
import { withUnit } from '@/domain/reports/figureNames';
import { figureRows } from './figureRows';

const f = reportFigures([]);
const s = serviceFigures({ tasksDue: 0, tasksDone: 0, resolvedTickets: 0, handlingMs: 0 });
const m = memberFigures(null);
const rows = figureRows(f, f, s, s, m, m);
const exported = REPORT_FIGURES.map((x) => x.label);

describe('figureRows and the export name each figure alike', () => {
  it.each(rows.map((r) => [r.id, r.label]))('%s (%s) is in the exported sheet', (_id, label) => {
    const units = ['元', '%', '小时'];
    expect(
      exported.includes(label) || units.some((u) => exported.includes(withUnit(label, u))),
    ).toBe(true);
  });

  it('writes the unit inside a name’s parenthesis', () => {
    expect(withUnit('LTV（人均累计消费）', '元')).toBe('LTV（人均累计消费，元）');
    expect(withUnit('客单价', '元')).toBe('客单价（元）');
  });
});
