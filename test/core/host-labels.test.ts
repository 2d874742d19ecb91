import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hostLabels } from '../../src/core/host-labels.js';
import { formatRow, layoutColumns } from '../../src/core/columns.js';
import { makeSession } from './helpers/sessions.js';

const labelsOf = (targets: string[]) => targets.map((t) => hostLabels(targets).get(t));

describe('hostLabels', () => {
  it('drops the shared port and domain, keeping what tells hosts apart', () => {
    expect(labelsOf(['mxs1.db.example.com:8989', 'mxs2.db.example.com:8989'])).toEqual(['mxs1', 'mxs2']);
    expect(labelsOf(['https://a.eu.example.com:8989', 'https://b.us.example.com:8989'])).toEqual(['a.eu', 'b.us']);
    // Different ports stay; a shared IP prefix is not a domain and stays.
    expect(labelsOf(['10.0.0.1:8989', '10.0.0.1:8990'])).toEqual(['10.0.0.1:8989', '10.0.0.1:8990']);
    expect(labelsOf(['10.0.0.1:8989', '10.0.0.2:8989'])).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(labelsOf(['[::1]:8989', 'mxs.example.com:8989'])).toEqual(['[::1]', 'mxs.example.com']);
    // A host is never reduced to nothing: one label of its own stays.
    expect(labelsOf(['example.com:8989', 'db.example.com:8989'])).toEqual(['example', 'db.example']);
  });

  it('keeps targets as given for one host, and when labels would clash', () => {
    expect(labelsOf(['mxs1.db.example.com:8989'])).toEqual(['mxs1.db.example.com:8989']);
    expect(labelsOf(['http://mxs:8989', 'https://mxs:8989'])).toEqual(['http://mxs:8989', 'https://mxs:8989']);
  });

  it('property: labels are unique and never empty', () => {
    const target = fc
      .tuple(fc.constantFrom('', 'http://', 'https://'), fc.constantFrom('a', 'b', 'mxs1.x.com', 'mxs2.x.com', 'x.com', '10.0.0.1', '[::1]'), fc.constantFrom('', ':8989', ':9000'), fc.constantFrom('', '/api'))
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(target, { minLength: 1, maxLength: 6 }), (targets) => {
        const labels = hostLabels(targets);
        const values = targets.map((t) => labels.get(t)!);
        expect(new Set(values).size).toBe(targets.length);
        expect(values.every((v) => v.length > 0)).toBe(true);
      }),
    );
  });
});

describe('HOST column', () => {
  const all = { multiTarget: true, hasMemory: true, hasIo: true };

  it('rows of hosts with a long shared prefix stay distinguishable at 120 columns', () => {
    const targets = ['maxscale-production-cluster-eu-west-node1:8989', 'maxscale-production-cluster-eu-west-node2:8989'];
    const cols = layoutColumns(120, { ...all, targets });
    const host = cols.find((c) => c.id === 'host')!;
    const cells = targets.map((t) => {
      const row = formatRow(cols, makeSession({ id: 1, target: t }), 0);
      const start = cols.slice(0, cols.indexOf(host)).reduce((w, c) => w + c.width + 1, 0);
      return row.slice(start, start + host.width).trimEnd();
    });
    expect(cells[0]).not.toBe(cells[1]);
    expect(cells[0]).toMatch(/node1$/);
    expect(cells[1]).toMatch(/node2$/);
    expect(cells[0]).toContain('…');
  });

  it('shows the short label in the row', () => {
    const targets = ['mxs1.db.example.com:8989', 'mxs2.db.example.com:8989'];
    const row = formatRow(layoutColumns(120, { ...all, targets }), makeSession({ id: 1, target: targets[1] }), 0);
    expect(row).toMatch(/^\s+1 mxs2 /);
  });
});
