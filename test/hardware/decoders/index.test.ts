import { describe, expect, it } from 'vitest';
import { decodeUplink, decoderFor, MODELS } from '../../../hardware/decoders/index.js';
import { expectDecodeError, hex } from './helpers.js';

describe('decoder registry', () => {
  it('lists exactly the built-in model ids', () => {
    expect([...MODELS].sort()).toEqual(
      [
        'milesight-am319', 'milesight-am307', 'milesight-am103', 'milesight-em300-th', 'milesight-em500-co2',
        'milesight-em500-pt100', 'elsys-ers', 'elsys-ers-co2', 'dragino-lht65', 'dragino-lht65n',
        'adeunis-temp', 'adeunis-comfort-co2', 'netvox-r718a', 'netvox-r718b',
      ].sort(),
    );
    for (const m of MODELS) expect(typeof decoderFor(m)).toBe('function');
  });

  it('returns undefined for unknown models, including Object.prototype names', () => {
    for (const m of ['milesight-am320', '', 'constructor', '__proto__', 'toString', 'MILESIGHT-AM319']) {
      expect(decoderFor(m)).toBeUndefined();
    }
  });

  it('decodeUplink dispatches by model and refuses unknown models', () => {
    expect(decodeUplink('milesight-em300-th', hex('01755C'), 85).values).toEqual([{ metric: 'battery', value: 92 }]);
    expectDecodeError(() => decodeUplink('acme-thing', hex('01'), 1), 'unsupported_model');
  });
});
