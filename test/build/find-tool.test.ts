import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTool } from '../../build/find-tool.js';

test('an explicit variable wins; else PATH; else the extra directories; else undefined', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-tool-'));
  const saved = { PATH: process.env.PATH, X: process.env.DISTILL_TEST_TOOL };
  try {
    const tool = path.join(tmp, 'mytool');
    writeFileSync(tool, '#!/bin/sh\n');
    chmodSync(tool, 0o755);
    process.env.PATH = '/nonexistent';
    delete process.env.DISTILL_TEST_TOOL;
    assert.equal(findTool('mytool', 'DISTILL_TEST_TOOL', []), undefined);
    assert.equal(findTool('mytool', 'DISTILL_TEST_TOOL', [tmp]), tool);
    process.env.PATH = tmp;
    assert.equal(findTool('mytool', 'DISTILL_TEST_TOOL', []), tool);
    process.env.DISTILL_TEST_TOOL = '/opt/elsewhere/mytool';
    assert.equal(findTool('mytool', 'DISTILL_TEST_TOOL', []), '/opt/elsewhere/mytool');
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.X === undefined) delete process.env.DISTILL_TEST_TOOL;
    else process.env.DISTILL_TEST_TOOL = saved.X;
    rmSync(tmp, { recursive: true, force: true });
  }
});
