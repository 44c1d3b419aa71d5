// The browser's API types (src/api/types.ts) are generated from the server's
// contract, docs/openapi.yaml, into src/api/schema.d.ts. This fails when the
// spec changed and the generated file was not regenerated, so the type check
// of the pages always runs against the spec the server is tested against.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const web = join(__dirname, '..');

describe('src/api/schema.d.ts', () => {
  it('is what openapi-typescript makes of docs/openapi.yaml today (run `npm run api-types` after changing the spec)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tandem-api-types-')), 'schema.d.ts');
    execFileSync(join(web, 'node_modules/.bin/openapi-typescript'), ['../docs/openapi.yaml', '-o', out], { cwd: web, stdio: 'pipe' });
    expect(readFileSync(join(web, 'src/api/schema.d.ts'), 'utf8')).toBe(readFileSync(out, 'utf8'));
  }, 60_000);
});
