'use strict';
// Gas of every single-value reader, measured through RegistryGasMeter (a cold call from a contract)
// on a 10-asset parameter set (45 correlations): each must stay within 50,000.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startChain } = require('./lib/chain');
const { standardRegistry } = require('./lib/fixture');
const R = require('./lib/registry');

const { Support, withChange, tenAssetParams, dec } = R;
const LIMIT = 50_000n;

describe('gas of the readers', { timeout: 180_000 }, () => {
  let chain;
  before(async () => {
    chain = await startChain();
  });
  after(async () => {
    await chain?.stop();
  });

  it('every single-value getter costs at most 50,000 gas on 10 assets / 45 correlations', async () => {
    const genesis = tenAssetParams();
    assert.equal(genesis.assets.length, 10);
    assert.equal(genesis.correlationUpper.length, 45);
    const f = await standardRegistry(chain, { params: genesis });
    const { gov, registry, address, members, w } = f;
    // A second version, so that the *At readers read a version that is not the current one.
    const next = withChange(genesis, (p) => {
      for (const a of p.assets) a.haircut = dec('0.12');
      p.correlationUpper = p.correlationUpper.map((c) => c + dec('0.01'));
    });
    const prop = await gov.proposeParams(next);
    await gov.pass(prop, members.map((m) => [m, Support.For]));
    assert.equal(await registry.currentVersion(), 2n);

    const meter = await R.deployMeter(w[0]);
    const iface = R.registryIface;
    const measure = async (fn, args) => {
      const data = iface.encodeFunctionData(fn, args);
      return meter.measure(address, data);
    };
    const symbols = genesis.assets.map((a) => a.symbol);
    const cases = [
      ['currentVersion()', 'currentVersion', [[]]],
      ['paramsHash(v)', 'paramsHash', [[1n], [2n]]],
      ['versionInfo(v)', 'versionInfo', [[1n], [2n]]],
      ['globalParameters()', 'globalParameters', [[]]],
      ['globalParametersAt(v)', 'globalParametersAt', [[1n], [2n]]],
      ['gridParameters()', 'gridParameters', [[]]],
      ['gridParametersAt(v)', 'gridParametersAt', [[1n], [2n]]],
      ['simulationParameters()', 'simulationParameters', [[]]],
      ['simulationParametersAt(v)', 'simulationParametersAt', [[1n], [2n]]],
      ['assetParameters(sym)', 'assetParameters', symbols.map((s) => [s])],
      ['assetParametersAt(v, sym)', 'assetParametersAt', [1n, 2n].flatMap((v) => symbols.map((s) => [v, s]))],
      ['correlation(a, b)', 'correlation', symbols.flatMap((a) => symbols.map((b) => [a, b]))],
      ['correlationAt(v, a, b)', 'correlationAt', [1n, 2n].flatMap((v) => symbols.flatMap((a) => symbols.map((b) => [v, a, b])))],
    ];
    const report = [];
    const over = [];
    for (const [label, fn, argLists] of cases) {
      let min = null;
      let max = 0n;
      for (const args of argLists) {
        const gas = await measure(fn, args);
        if (gas > max) max = gas;
        if (min === null || gas < min) min = gas;
        if (gas > LIMIT) over.push(`${label} ${JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}: ${gas}`);
      }
      report.push({ getter: label, calls: argLists.length, minGas: Number(min), maxGas: Number(max) });
    }
    // For the report: the example consumer's initial margin (three reads), and the gas meter's own baseline.
    const consumer = await R.deployConsumer(w[0], address);
    const consumerData = consumer.interface.encodeFunctionData('initialMargin', [symbols[9], dec('1'), dec('100')]);
    const consumerGas = await meter.measure(await consumer.getAddress(), consumerData);
    const lines = report.map((r) => `${r.getter.padEnd(28)} max ${String(r.maxGas).padStart(6)}  min ${String(r.minGas).padStart(6)}  (${r.calls} calls)`);
    lines.push(`${'ExampleMarginConsumer.initialMargin'.padEnd(28)} ${String(consumerGas).padStart(10)}  (informational: 3 registry reads)`);
    console.log('gas per getter through RegistryGasMeter (10 assets, 45 correlations; limit 50,000):\n' + lines.join('\n'));

    assert.deepEqual(over, [], 'getters above 50,000 gas');
    for (const r of report) assert.ok(r.maxGas > 2_600, `${r.getter}: a cold call costs at least the account access (${r.maxGas})`);
    // The meter does fail on a failing call instead of reporting a small number.
    await R.expectRevert(measure('assetParameters', [R.b32('NOPE')]), 'CallFailed', undefined, R.meterIface);
  });
});
