/**
 * Issue 12, "one policy": who may do what is decided in src/modules/access/policy.ts (named capabilities,
 * scopes), never by comparing roles in a module. This scans the production sources (src, not the tests)
 * and lists every role comparison outside the policy. The demo's login list compares the roles of the
 * logins it creates, which is no access check: it is the one other file allowed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ALLOWED = new Set(['src/modules/access/policy.ts', 'src/modules/demo/logins.ts']);

/**
 * `x.role === …`, `x.role !== …`, `switch (actor.role)`, `assertRole(…)`, `[…].includes(actor.role)` (an actor's, not a new
 * user's role being validated, as in `ROLES.includes(u.role)`).
 */
export const ROLE_CHECK =
  /\.role\s*(===|!==)|assertRole\s*\(|\.includes\(\s*(actor|a)\.role\s*\)|switch\s*\(\s*(actor|a)\.role\s*\)/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sources(full);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every `file:line: text` of a role comparison outside the allowed files. */
export function roleChecks(root: string): string[] {
  const found: string[] = [];
  for (const file of sources(path.join(root, 'src'))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (ALLOWED.has(rel)) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (ROLE_CHECK.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('one policy', () => {
  test('the pattern finds each kind of role comparison, and not the capability calls', () => {
    for (const line of [
      "if (actor.role === 'branch_officer') return;",
      "const names = actor.role !== 'regional_government';",
      "assertRole(actor, ['admin']);",
      "if (!['admin', 'system'].includes(actor.role)) throw new ForbiddenError();",
      'if (!MANAGERS.includes(a.role)) throw new ForbiddenError();',
      "if (req.user?.role === 'admin') return;",
      'switch (actor.role) {',
    ])
      assert.ok(ROLE_CHECK.test(line), line);
    for (const line of [
      "assertCan(actor, 'agents.manage');",
      'if (!villageInScope(actor, code)) throw new ForbiddenError();',
      "role: 'branch_officer',",
      'if (!ROLES.includes(u.role))',
    ])
      assert.ok(!ROLE_CHECK.test(line), line);
  });

  test('no module compares roles: every check is a capability or a scope of the policy', () => {
    assert.deepEqual(
      roleChecks(ROOT),
      [],
      'ask policy.ts (can / assertCan / registryScope / inScope / villageInScope …) instead',
    );
  });
});
