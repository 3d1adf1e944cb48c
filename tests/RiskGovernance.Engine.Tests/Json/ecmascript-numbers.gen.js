// Generates EcmaScriptNumberReference.cs input (run: node ecmascript-numbers.gen.js out.csv). Reference values for EcmaScriptNumber: node's own Number -> string, for tricky and random doubles.
const buf = new DataView(new ArrayBuffer(8));
const bitsOf = x => { buf.setFloat64(0, x); return buf.getBigUint64(0).toString(16).padStart(16, '0'); };
const fromBits = b => { buf.setBigUint64(0, b); return buf.getFloat64(0); };
const tricky = [0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1e-7, -1e-7, 1e-6, 1.5e-6, 0.000001234, 0.0000001234,
  1e20, 1e21, -1e21, 1.5e21, 123456789012345680000, 1e-300, 5e-324, -5e-324, Number.MAX_VALUE, Number.MIN_VALUE,
  2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 9007199254740993, 4.35, 0.85, 0.7666, 1.0485, 18547.23, 100, 1e100, 123e-20,
  2.5e-5, 0.5, 1e-5, 1e-10, 1e-15, 1e15, 1e16, 1e17, 12345678901234567, 0.000009999999999999999, 999999999999999900000,
  1.7976931348623157e308, 2.2250738585072014e-308, 2.225073858507201e-308, 4.9406564584124654e-324, 5e-7, 1e22, 0.3,
  0.05, 0.01, 0.33, 0.13, 730, 10000, 42, 0.99, 0.15, 0.2, 0.25, 1234.5678, 4.940656458412465e-324, 1.1, 29.999999999999996];
let s = 0x9e3779b97f4a7c15n;
const mask = (1n << 64n) - 1n;
const next = () => { s ^= (s << 13n) & mask; s ^= s >> 7n; s ^= (s << 17n) & mask; return s & mask; };
const random = [];
while (random.length < 3000) {
  const b = next();
  const x = fromBits(b);
  if (Number.isFinite(x)) random.push(x);
}
// and "human" decimals: k / 10^d
for (let i = 0; i < 1000; i++) {
  const k = Number(next() % 100000000n);
  const d = Number(next() % 30n) - 10;
  random.push(k * Math.pow(10, -d));
}
const lines = ['# bits (IEEE 754 double, hex), String(x) in node ' + process.version];
for (const x of tricky.concat(random)) lines.push(bitsOf(x) + ',' + String(x));
require('fs').writeFileSync(process.argv[2], lines.join('\n') + '\n');
