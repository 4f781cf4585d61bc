import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { maskName, maskPhone } from './roles.ts';

describe('maskPhone and maskName (shared/access/roles.ts)', () => {
  test('an 11-digit mobile shows 3 leading and 4 trailing digits', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('025-84561234'), '025-****1234', 'an area code + local number: separators stay');
  });

  test('an 8-digit local number shows only its last 4 digits (it showed 7 of 8 before)', () => {
    assert.equal(maskPhone('84561234'), '****1234');
    assert.equal(maskPhone('8456-1234'), '****-1234');
  });

  test('a 7-digit number shows only its last 2 digits (it was shown in full before)', () => {
    assert.equal(maskPhone('8456123'), '*****23');
    assert.equal(maskPhone('12345'), '***45');
  });

  test('4 digits or fewer show nothing; null and empty stay as they are', () => {
    assert.equal(maskPhone('1234'), '****');
    assert.equal(maskPhone(null), null);
    assert.equal(maskPhone(''), '');
  });

  test('names keep the surname only', () => {
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('王小明'), '王**');
    assert.equal(maskName('欧阳娜娜'), '欧阳**');
    assert.equal(maskName('司马光'), '司马*');
    assert.equal(maskName('欧阳'), '欧*', 'a compound surname alone still hides something');
    assert.equal(maskName('李'), '*');
    assert.equal(maskName('John Smith'), 'J*** *****');
    assert.equal(maskName(null), null);
  });
});
