/**
 * The HTML report in a real browser: Debian's chromium through playwright-core opens
 * the generated file (no network: the report is self-contained), and the test checks
 * that the verdict matrix and the swimlanes rendered (element counts, visible text,
 * non-zero sizes). The kernel report (two scenarios, v4.0 and rfc) is checked
 * generically, its verdicts belonging to the kernel's own tests, and gives the
 * screenshot the README shows (docs/report-screenshot.png); a report of the small
 * example models is checked exactly.
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
import { runReport } from '../../cli/commands/report.ts';
import { memoryIo } from '../../cli/io.ts';
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

/** Two built-in kernel scenarios under v4.0 and rfc, through the `report` command itself (about a second). */
const KERNEL_SCENARIOS = ['victim-behind-imutex', 'nofs-nobody-to-kill'];
const KERNEL_POLICIES = ['v4.0', 'rfc'];

describe.skipIf(!haveChromium)('HTML report in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomcheck-html-'));
  const launch = () =>
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });

  it('renders the kernel matrix and its swimlanes, and saves the README screenshot', async () => {
    const file = join(dir, 'kernel.html');
    const code = await runReport({ out: file, scenario: KERNEL_SCENARIOS, policy: KERNEL_POLICIES, quiet: true }, { io: memoryIo() });
    expect(code).toBe(0);
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href);
      await expect(page.locator('table.matrix tbody tr').count()).resolves.toBe(KERNEL_SCENARIOS.length);
      await expect(page.locator('table.matrix thead th').allTextContents()).resolves.toEqual([expect.any(String), ...KERNEL_POLICIES]);
      for (const s of KERNEL_SCENARIOS) await expect(page.locator('table.matrix tbody th').filter({ hasText: s }).count()).resolves.toBe(1);
      // Every cell says something: violated ids, or "all hold".
      for (const text of await page.locator('table.matrix td').allInnerTexts()) expect(text.trim().length).toBeGreaterThan(0);
      const swimlanes = page.locator('svg.swimlane');
      const n = await swimlanes.count();
      expect(n).toBeGreaterThanOrEqual(1);
      const first = swimlanes.first();
      expect(await first.isVisible()).toBe(true);
      await expect(first.locator('g.lane').count()).resolves.toBeGreaterThanOrEqual(1);
      await expect(first.locator('g.step').count()).resolves.toBeGreaterThanOrEqual(2);
      expect((await first.locator('text.box-text').allTextContents()).join(' ').length).toBeGreaterThan(20);
      expect(errors).toEqual([]);
      await page.screenshot({ path: SCREENSHOT.pathname });
    } finally {
      await browser.close();
    }
  }, 20_000);

  it('renders a matrix of example models exactly: lanes, steps, lassos, graph interaction, no network', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, await sampleReport());
    const browser = await launch();
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
      const dimmed = await page.locator('article[data-property="mutex"] svg.state-graph g.node').evaluateAll((nodes) => nodes.filter((n) => (n as unknown as { style: { opacity: string } }).style.opacity === '0.35').length);
      expect(dimmed).toBeGreaterThan(0);

      expect(errors).toEqual([]);
      expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 20_000);
});
