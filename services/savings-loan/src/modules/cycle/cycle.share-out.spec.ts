import { Dec } from '@funds/money';
import { shareOutByShares } from './cycle.share-out';

const members = (...shares: number[]) => shares.map((n, i) => ({ memberId: `m${i}`, shares: n }));

describe('shareOutByShares: the profit in proportion to shares, exact to the minor unit', () => {
  it.each<[string, string, string, number[], string[]]>([
    // 10,000 × 7/17 = 4,117.65 (twice), × 3/17 = 1,764.71: 2 dong left, to C (.71) then A (.65, before B on the tie).
    ['Yen Bai, VND', 'VND', '10000', [7, 7, 3], ['4118', '4117', '1765']],
    ['an even split', 'IRR', '900000', [1, 2, 6], ['100000', '200000', '600000']],
    // 100 × 1/3 = 33.33 each: the one rial left goes to the first on the tie.
    ['three equal holders', 'IRR', '100', [5, 5, 5], ['34', '33', '33']],
    ['no profit', 'VND', '0', [3, 4], ['0', '0']],
    // A loss splits as the mirror image of a profit.
    ['a loss', 'VND', '-10000', [7, 7, 3], ['-4118', '-4117', '-1765']],
  ])('%s', (_case, currency, profit, shares, expected) => {
    const parts = shareOutByShares({ currency, profit: new Dec(profit), members: members(...shares) });
    expect(parts.map((p) => p.toString())).toEqual(expected);
    expect(parts.reduce((a, b) => a.plus(b), new Dec(0)).toString()).toBe(profit);
  });
});
