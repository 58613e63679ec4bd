import { PERSONAL_MEMBER_FIELDS } from '@funds/auth';
import { MASKED, maskArguments } from './audit';

describe('maskArguments', () => {
  it('masks every personal Member field of the permission table, wherever it sits in the arguments', () => {
    for (const field of PERSONAL_MEMBER_FIELDS) {
      const masked = maskArguments({ input: { [field]: 'x', fundId: '0190f000-0000-7000-8000-000000000001' } }) as {
        input: Record<string, unknown>;
      };
      expect(masked.input[field]).toBe(MASKED);
      expect(masked.input.fundId).toBe('0190f000-0000-7000-8000-000000000001');
    }
  });

  it("masks a suspension's free-text reason and a person's names, keeps a node's name", () => {
    expect(maskArguments({ memberId: 'm', reason: 'husband ill' })).toEqual({ memberId: 'm', reason: MASKED });
    expect(maskArguments({ input: { givenName: 'Zahra', familyName: 'Ahmadi', nameLatin: 'Zahra Ahmadi' } })).toEqual({
      input: { givenName: MASKED, familyName: MASKED, nameLatin: MASKED },
    });
    expect(maskArguments({ input: { name: 'Tarom', nameLatin: 'Tarom' } })).toEqual({ input: { name: 'Tarom', nameLatin: 'Tarom' } });
  });
});
