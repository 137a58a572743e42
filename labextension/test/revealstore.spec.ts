import { PROTOCOL_VERSION, allowColumn, parseMessage } from '../src/protocol';
import { RevealStore, revealId } from '../src/revealstore';

describe('RevealStore', () => {
  test('keeps a view until its reveal ends, and says which id changed', () => {
    const store = new RevealStore();
    const heard: string[] = [];
    const stop = store.listen(id => heard.push(id));
    store.put('r1', { label: 'df', data: { 'text/plain': 'raw view' } });
    expect(store.get('r1')?.data['text/plain']).toBe('raw view');
    store.end('r1');
    store.end('r1'); // a second end is no change
    expect(store.get('r1')).toBeUndefined();
    expect(store.size).toBe(0);
    stop();
    store.put('r2', { label: 'df', data: {} });
    expect(heard).toEqual(['r1', 'r1']);
  });

  test('reads the id of a reveal payload only', () => {
    expect(revealId({ id: 'privguard-reveal-1', version: 1 })).toBe('privguard-reveal-1');
    expect(revealId({ id: 3 })).toBeNull();
    expect(revealId(null)).toBeNull();
    expect(revealId('privguard-reveal-1')).toBeNull();
  });
});

describe('reveal messages and column ids', () => {
  test.each([
    [
      {
        version: PROTOCOL_VERSION,
        type: 'reveal',
        id: 'r',
        label: 'df',
        data: { 'text/html': '<b>x</b>' },
        nonce: 'n'
      },
      true
    ],
    [{ version: PROTOCOL_VERSION, type: 'reveal', id: 'r', label: 'df' }, false],
    [{ version: PROTOCOL_VERSION, type: 'reveal_end', id: 'r' }, true],
    [{ version: PROTOCOL_VERSION, type: 'reveal_end' }, false]
  ])('%j ok=%s', (data, ok) => expect(parseMessage(data).ok).toBe(ok));

  test('allow and disallow carry the column id when there is one', () => {
    expect(allowColumn('<PERSON>', true, 'abcdef')).toEqual({
      version: PROTOCOL_VERSION,
      type: 'allow_column',
      column: '<PERSON>',
      column_id: 'abcdef'
    });
    expect('column_id' in allowColumn('email', false)).toBe(false);
  });
});
