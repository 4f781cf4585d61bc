import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passwordProblem } from './passwordPolicy.ts';

describe('password policy (ASVS 5.0 6.2.4, 6.2.11)', () => {
  it('refuses the username, common passwords (any case) and context words padded with digits or symbols', () => {
    assert.match(passwordProblem('Zhang.Wei', 'zhang.wei')!, /username/);
    for (const common of ['password123', 'qwertyuiop', '1234567890', 'Password123', 'iloveyou12', 'a1234567890']) {
      assert.match(passwordProblem(common, 'someone') ?? '', /most common/, common);
    }
    for (const guessable of ['wangge2026!', 'Admin@12345', 'nanjing-2026', 'Wangge_Wangge', 'zhangwei2026', 'xuanwu@2026', 'Gulou2026!!', 'P@ssw0rd2026', 'WanggeAdmin2026', '12345678901234', '南京网格2026!!', '9876543210987']) {
      assert.ok(passwordProblem(guessable, 'zhangwei') !== null, `${guessable} should be refused`);
    }
  });

  it('accepts ordinary strong choices, with no composition rules (digits only, spaces, Chinese all allowed)', () => {
    for (const fine of ['correct horse battery', 'my-own-password-now', '7391 0285 4416 2097', '南京 梧桐 秋天 好', 'xuanwu lake at dawn']) {
      assert.equal(passwordProblem(fine, 'someone'), null, fine);
    }
  });
});
