import { access, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describeWithService, probeService } from '@org/testkit';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start-server.js';
import { startTestServer } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// Skips loudly in a developer's run without Chromium, fails in CI (`apt-get install -y chromium`).
const chromiumStatus = await probeService('Chromium', () => access(CHROMIUM));

describeWithService(chromiumStatus, 'the web page in headless Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server } = await startTestServer({ driver: { kind: 'llmsim', chunkLatencyMs: 15 } }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('chats with the agent: the answer streams in and the tool events fill the timeline', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await expect.poll(() => page.locator('#status-text').textContent()).toBe('live');
    await expect.poll(() => page.locator('#backends').textContent()).toBe('stores=memory bus=memory files=memory driver=llmsim');

    await page.fill('#input', 'What is the weather in Lisbon and Oslo? Save a report.');
    await page.click('#send');

    // The answer streams: a bubble is caught half-written (still streaming) before the final text lands.
    await page.locator('.msg.agent.streaming').first().waitFor({ timeout: 10_000 });
    const agentText = page.locator('.msg.agent').last();
    await expect.poll(() => agentText.textContent(), { timeout: 15_000 }).toMatch(/Lisbon[\s\S]*Oslo[\s\S]*weather-report\.md/);
    await page.locator('.ev[data-type="turn.completed"]').waitFor();
    expect(await page.locator('.msg.agent.streaming').count()).toBe(0);

    // The timeline shows reason/act steps and every tool call with its arguments and result.
    const timeline = page.locator('#timeline');
    expect(await timeline.locator('.ev[data-type="reason.started"]').count()).toBe(4);
    expect(await timeline.locator('.ev[data-type="tool.started"]').count()).toBe(4);
    const weatherCall = timeline.locator('.ev[data-type="tool.started"]').first();
    expect(await weatherCall.textContent()).toMatch(/get_weather[\s\S]*"location": "Lisbon"/);
    expect(await timeline.locator('.ev[data-type="tool.completed"]').first().textContent()).toMatch(/"temperature"/);
    expect(await timeline.locator('.ev[data-type="tool.started"]').nth(2).textContent()).toMatch(/write_file/);
    expect(await page.locator('[data-testid="usage"]').textContent()).toMatch(/^\d+input\d+output\d+total$/);

    // The workspace lists the report; opening it shows its content.
    await page.locator('[data-testid="file"]', { hasText: 'weather-report.md' }).click();
    await expect.poll(() => page.locator('#file-view').textContent()).toMatch(/# Weather report/);

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}chat.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
