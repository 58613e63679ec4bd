import { parse } from 'graphql';
import { assertEveryEntityResolves } from './federation';

const sdl = (key: string) => parse(`type Partner ${key} { id: ID! name: String }\ntype Query { partner: Partner }`);
const resolver = { Partner: { __resolveReference: (reference: unknown) => reference } };

describe('assertEveryEntityResolves', () => {
  it('refuses a type with a resolvable @key and no __resolveReference, naming it', () => {
    expect(() => assertEveryEntityResolves(sdl('@key(fields: "id")'), {})).toThrow(/Entity type\(s\) Partner declare a resolvable @key/);
    expect(() => assertEveryEntityResolves(sdl('@key(fields: "id", resolvable: true)'), {})).toThrow(/Partner/);
  });

  it('accepts it with a reference resolver, or when the key is declared resolvable: false (another subgraph owns it)', () => {
    expect(() => assertEveryEntityResolves(sdl('@key(fields: "id")'), resolver)).not.toThrow();
    expect(() => assertEveryEntityResolves(sdl('@key(fields: "id", resolvable: false)'), {})).not.toThrow();
    expect(() => assertEveryEntityResolves(sdl(''), {})).not.toThrow();
  });
});
