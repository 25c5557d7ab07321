/**
 * The HTML report in a real browser: Debian's chromium through playwright-core opens
 * the generated file (no network: the report is self-contained), and the test checks
 * that the verdict matrix and the swimlanes rendered (element counts, visible text,
 * non-zero sizes), then saves the screenshot the README shows (docs/report-screenshot.png).
 *
 * Skipped only when /usr/bin/chromium is missing: `apt-get install -y chromium`
 * (.ci/run installs it).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { cellFromResult, renderHtmlReport, type VerdictMatrix } from '../../checker/report/html/report.ts';
import { counterModel, counterProperties, lockModel, lockProperties } from '../report/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = new URL('../../docs/report-screenshot.png', import.meta.url);
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`skipping the browser test: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);

async function sampleReport(): Promise<string> {
  const racy = await check(lockModel(true), lockProperties);
  const atomic = await check(lockModel(false), lockProperties);
  const counter = await check(counterModel, counterProperties);
  const matrix: VerdictMatrix = {
    rowLabel: 'model',
    columnLabel: 'variant',
    rows: ['lock', 'counter'],
    columns: ['racy', 'atomic'],
    rowTitles: { lock: 'two processes A and B take a lock', counter: 'one process counts up' },
    cells: {
      lock: { racy: cellFromResult(racy, lockModel(true)), atomic: cellFromResult(atomic, lockModel(false)) },
      counter: { racy: cellFromResult(counter, counterModel) },
    },
  };
  return renderHtmlReport({ title: 'oomcheck report (example models)', subtitle: 'a racy and an atomic lock, and a counter', matrix });
}

describe.skipIf(!haveChromium)('HTML report in Chromium', () => {
  it('renders the matrix and the swimlanes, and saves a screenshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oomcheck-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, await sampleReport());
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1250 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href);

      // The matrix: 2 rows x 2 columns, violated ids linked, the empty cell "not run".
      await expect(page.locator('table.matrix tbody tr').count()).resolves.toBe(2);
      await expect(page.locator('table.matrix thead th').count()).resolves.toBe(3);
      const racyCell = page.locator('td[data-row="lock"][data-column="racy"]');
      await expect(racyCell.innerText()).resolves.toMatch(/mutex/);
      await expect(page.locator('table.matrix td.not-run').innerText()).resolves.toBe('not run');
      expect(await page.locator('table.matrix').isVisible()).toBe(true);

      // Swimlanes: one per counterexample, with lanes, step boxes and visible text.
      const swimlanes = page.locator('svg.swimlane');
      const count = await swimlanes.count();
      expect(count).toBe(4); // racy: mutex + aEnters, atomic: aEnters, counter: below3
      const mutexLane = page.locator('article[data-property="mutex"] svg.swimlane');
      await expect(mutexLane.locator('g.lane').count()).resolves.toBe(2);
      await expect(mutexLane.locator('g.step').count()).resolves.toBe(5);
      const box = await mutexLane.boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(150);
      await expect(mutexLane.locator('text.lane-name').allTextContents()).resolves.toEqual(['A', 'B']);
      await expect(page.locator('svg.swimlane g.lasso').count()).resolves.toBe(2); // both aEnters are lassos
      await expect(page.locator('svg.state-graph').count()).resolves.toBe(4);

      // Clicking a swimlane step dims the other states of the graph beside it.
      await mutexLane.locator('g.step[data-step="2"]').click();
      const dimmed = await page.locator('article[data-property="mutex"] svg.state-graph g.node').evaluateAll((nodes) => nodes.filter((n) => (n as SVGElement).style.opacity === '0.35').length);
      expect(dimmed).toBeGreaterThan(0);

      expect(errors).toEqual([]);
      expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
      await page.screenshot({ path: SCREENSHOT.pathname, fullPage: false });
    } finally {
      await browser.close();
    }
  }, 20_000);
});
