import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from '../../src/log/line-splitter.js';

describe('LineSplitter', () => {
  it('keeps byte offsets and line numbers exact across chunks, multi-byte characters and CRLF', () => {
    const bytes = Buffer.from('héllo\r\nwörld\nlast');
    for (const size of [1, 2, 3, 5, bytes.length]) {
      const splitter = new LineSplitter(100, 10);
      const lines = [];
      for (let i = 0; i < bytes.length; i += size) lines.push(...splitter.push(bytes.subarray(i, i + size)));
      assert.equal(splitter.pendingOffset, 100 + Buffer.byteLength('héllo\r\nwörld\n'));
      lines.push(...splitter.end());
      assert.deepEqual(
        lines.map((line) => [line.text, line.startOffset, line.endOffset, line.lineNumber, line.invalidUtf8]),
        [
          ['héllo', 100, 108, 10, false],
          ['wörld', 108, 115, 11, false],
          ['last', 115, 119, 12, false],
        ],
        `chunk size ${size}`,
      );
    }
  });

  it('marks lines with invalid UTF-8 and decodes them with replacement characters', () => {
    const splitter = new LineSplitter(0, 1);
    const lines = splitter.push(Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from('\nok again\n')]));
    assert.deepEqual(lines.map((line) => line.invalidUtf8), [false, true, false]);
    assert.equal(lines[1]?.text, 'bad \ufffd\ufffd');
  });
});
