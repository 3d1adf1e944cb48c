'use strict';
// Full lifecycles: a parameter set, a committee change and a rules change, from propose to execute.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { ZeroHash, keccak256 } = require('ethers');
const { startChain } = require('./lib/chain');
const { standardRegistry } = require('./lib/fixture');
const R = require('./lib/registry');

const { Support, State, Kind, dec, b32, expectRevert, genesisParams, plain, eventsNamed, ONE, DAY, HOUR } = R;

/// Index of the (i, j) correlation (i < j) in a strict upper triangle of n assets, row by row.
const upperIndex = (n, i, j) => i * n - (i * (i + 1)) / 2 + (j - i - 1);

/// Checks every single-value reader of `version` against the parameter set `p`.
async function assertVersionEquals(registry, version, p, { current }) {
  const global = { method: p.method, imMultiplier: p.imMultiplier, mmRatio: p.mmRatio, liquidationRatio: p.liquidationRatio, shortOptionMinimum: p.shortOptionMinimum, correlationStress: p.correlationStress };
  assert.deepEqual(plain(await registry.globalParametersAt(version)), global);
  assert.deepEqual(plain(await registry.gridParametersAt(version)), p.grid);
  assert.deepEqual(plain(await registry.simulationParametersAt(version)), p.simulation);
  assert.deepEqual(plain(await registry.parameters(version)), p);
  assert.deepEqual([...(await registry.assetSymbols(version))], p.assets.map((a) => a.symbol));
  if (current) {
    assert.deepEqual(plain(await registry.globalParameters()), global);
    assert.deepEqual(plain(await registry.gridParameters()), p.grid);
    assert.deepEqual(plain(await registry.simulationParameters()), p.simulation);
    assert.deepEqual(plain(await registry.currentParameters()), p);
  }
  const n = p.assets.length;
  for (let i = 0; i < n; i++) {
    const a = p.assets[i];
    assert.deepEqual(plain(await registry.assetParametersAt(version, a.symbol)), a);
    if (current) assert.deepEqual(plain(await registry.assetParameters(a.symbol)), a);
    for (let j = 0; j < n; j++) {
      const want = i === j ? ONE : p.correlationUpper[upperIndex(n, Math.min(i, j), Math.max(i, j))];
      assert.equal(await registry.correlationAt(version, a.symbol, p.assets[j].symbol), want, `correlation ${R.text(a.symbol)}/${R.text(p.assets[j].symbol)} v${version}`);
      if (current) assert.equal(await registry.correlation(a.symbol, p.assets[j].symbol), want);
    }
  }
}

/// A rewrite of the genesis set: every section changes, the assets are reordered and one is added.
function nextParams() {
  const g = genesisParams();
  return {
    method: b32('montecarlo'),
    imMultiplier: dec('1.2'),
    mmRatio: dec('0.65'),
    liquidationRatio: dec('0.85'),
    shortOptionMinimum: dec('0.02'),
    correlationStress: dec('0.3'),
    grid: { ...g.grid, steps: dec('9'), extremeCoverage: dec('0.35'), volFloor: dec('0.06') },
    simulation: { ...g.simulation, measure: b32('VaR'), confidence: dec('0.995'), distribution: b32('student-t'), degreesOfFreedom: dec('4'), seed: dec('7') },
    assets: [R.asset('ETH', '0.22', '0.6', '0.35', '0.15'), R.asset('BTC', '0.16', '0.55', '0.3', '0.1'), R.asset('SOL', '0.3', '0.8', '0.4', '0.2'), R.asset('ADA', '0.25', '0.9', '0.45', '0.3')],
    // ETH-BTC, ETH-SOL, ETH-ADA, BTC-SOL, BTC-ADA, SOL-ADA
    correlationUpper: [dec('0.82'), dec('0.74'), dec('0.6'), dec('0.69'), dec('0.55'), dec('-0.1')],
  };
}

describe('full lifecycles', { timeout: 180_000 }, () => {
  let chain;
  before(async () => {
    chain = await startChain();
  });
  after(async () => {
    await chain?.stop();
  });

  it('parameters: propose, vote, queue, execute -> version 2 readable field by field; version 1 kept', async () => {
    const { gov, registry, members, address, genesisHash, w } = await standardRegistry(chain);
    const consumer = await R.deployConsumer(w[0], address);
    const genesis = genesisParams();
    assert.equal(await registry.currentVersion(), 1n);
    await assertVersionEquals(registry, 1n, genesis, { current: true });
    const [h1, id1] = await registry.versionInfo(1n);
    assert.deepEqual([h1, id1], [genesisHash, ZeroHash]);
    assert.equal(await registry.paramsHash(1n), genesisHash);

    // Margin of 2 BTC at 50,000 through the example consumer: 2 * 50000 * 0.15 * max(1, 3 * 0.3) * 1 = 15,000.
    const btc = b32('BTC');
    assert.equal(await consumer.initialMargin(btc, dec('-2'), dec('50000')), dec('15000'));

    const next = nextParams();
    const p = await gov.proposeParams(next);
    const created = p.event.args;
    assert.equal(created.kind, BigInt(Kind.Parameters));
    assert.equal(created.ballotHash, R.paramsBallotHash(next));
    assert.equal(created.baseVersion, 1n);
    assert.equal(created.epoch, 1n);
    assert.equal(created.votingEnd - created.votingStart, R.RULES.votingPeriod);
    assert.equal(created.supermajority, false, 'every change is within its step bound');
    assert.equal(created.proposer, gov.relayer.address);
    for (const m of members) await gov.vote(p, m, Support.For);
    await gov.endVoting(p);
    assert.equal((await registry.proposal(p.id)).state, BigInt(State.Succeeded));
    const queued = await gov.queue(p);
    const qBlock = await chain.provider.getBlock(queued.receipt.blockNumber);
    const eta = BigInt(qBlock.timestamp) + R.RULES.timelockDelay;
    assert.deepEqual(eventsNamed(queued.events, 'ProposalQueued')[0].args.toArray(), [p.id, eta]);
    assert.equal((await registry.proposal(p.id)).eta, eta);
    await gov.pastEta(p);
    const { events, receipt } = await gov.execute(p, w[13]); // anyone executes
    const xBlock = await chain.provider.getBlock(receipt.blockNumber);
    assert.deepEqual(eventsNamed(events, 'ParametersExecuted')[0].args.toArray(), [2n, p.id, p.ballotHash]);
    assert.deepEqual(eventsNamed(events, 'ProposalExecuted')[0].args.toArray(), [p.id, BigInt(Kind.Parameters), 2n]);
    const view = await registry.proposal(p.id);
    assert.equal(view.state, BigInt(State.Executed));
    assert.equal(view.executedVersion, 2n);

    assert.equal(await registry.currentVersion(), 2n);
    assert.deepEqual([...(await registry.versionInfo(2n))], [p.ballotHash, p.id, BigInt(xBlock.timestamp)]);
    assert.equal(await registry.paramsHash(2n), p.ballotHash);
    await assertVersionEquals(registry, 2n, next, { current: true });
    await assertVersionEquals(registry, 1n, genesis, { current: false });
    // 2 * 50000 * 0.16 * max(1, 3 * 0.35 = 1.05) * 1.2 = 20,160.
    assert.equal(await consumer.initialMargin(btc, dec('2'), dec('50000')), dec('20160'));
    assert.equal(await consumer.parameterVersion(), 2n);

    await expectRevert(registry.assetParametersAt(1n, b32('ADA')), 'UnknownAsset', [1n, b32('ADA')]);
    await expectRevert(registry.correlation(b32('BTC'), b32('XRP')), 'UnknownAsset', [2n, b32('XRP')]);
    await expectRevert(registry.globalParametersAt(3n), 'UnknownVersion', [3n]);
    await expectRevert(registry.paramsHash(0n), 'UnknownVersion', [0n]);
    await expectRevert(gov.reg().execute(p.id, p.payload), 'ProposalAlreadyExecuted', [p.id, 2n]);
  });

  it('membership: the new committee and guardian take effect (CommitteeChanged, GuardianChanged)', async () => {
    const { gov, registry, members, w, guardian } = await standardRegistry(chain);
    assert.equal(await registry.committeeEpoch(), 1n);
    assert.equal(await registry.guardian(), guardian.address);
    const newMembers = [w[6], w[7], w[8]].map((x) => x.address);
    const newWeights = [5n, 3n, 2n];
    const m = await gov.proposeMembership(newMembers, newWeights, w[7].address);
    assert.equal(m.event.args.supermajority, true, 'a committee change always needs the supermajority');
    assert.equal(m.ballotHash, keccak256(R.encodeMembership(newMembers, newWeights, w[7].address)));
    assert.equal(m.ballotHash, (await registry.proposal(m.id)).payloadHash);
    for (const x of members.slice(0, 4)) await gov.vote(m, x, Support.For);
    await gov.vote(m, members[4], Support.Against); // For 9 vs Against 1
    await gov.endVoting(m);
    await gov.queue(m);
    await gov.pastEta(m);
    const { events } = await gov.execute(m);
    assert.deepEqual(plain(eventsNamed(events, 'CommitteeChanged')[0].args), { epoch: 2n, members: newMembers, weights: newWeights });
    assert.deepEqual(eventsNamed(events, 'GuardianChanged')[0].args.toArray(), [guardian.address, w[7].address]);
    assert.deepEqual(eventsNamed(events, 'ProposalExecuted')[0].args.toArray(), [m.id, BigInt(Kind.Membership), 1n]);

    assert.equal(await registry.committeeEpoch(), 2n);
    assert.equal(await registry.guardian(), w[7].address);
    const [cm, cw] = await registry.committee();
    assert.deepEqual([[...cm], [...cw]], [newMembers, newWeights]);
    const [om, ow] = await registry.committeeAt(1n);
    assert.deepEqual([[...om], [...ow]], [members.map((x) => x.address), [3n, 2n, 2n, 2n, 1n]]);
    assert.equal(await registry.totalWeightAt(2n), 10n);
    assert.equal(await registry.weightAt(2n, w[6].address), 5n);
    assert.equal(await registry.weightAt(2n, w[1].address), 0n);

    // The new committee governs: w6 alone (5 of 10) reaches the quorum and the majority.
    const p = await gov.proposeParams(R.withChange(genesisParams(), (x) => R.setAsset(x, 'BTC', 'scanRange', '0.2')));
    await expectRevert(gov.vote(p, w[1], Support.For), 'NotInCommittee', [p.id, 2n, w[1].address]);
    await gov.vote(p, w[6], Support.For);
    await gov.endVoting(p);
    await gov.queue(p);
    // Only the new guardian vetoes.
    await expectRevert(gov.reg(guardian).veto(p.id), 'NotGuardian', [guardian.address]);
    const v = await R.send(gov.reg(w[7]).veto(p.id));
    assert.deepEqual(eventsNamed(v.events, 'ProposalVetoed')[0].args.toArray(), [p.id, w[7].address]);
    assert.equal((await registry.proposal(p.id)).state, BigInt(State.Vetoed));
    await expectRevert(gov.reg().execute(p.id, p.payload), 'ProposalNotQueued', [p.id, BigInt(State.Vetoed)]);
  });

  it('rules: rules() and bounds() change (RulesChanged); later proposals follow them, earlier ones keep theirs', async () => {
    const { gov, registry, members, w } = await standardRegistry(chain);
    const rules = { votingPeriod: 2n * DAY, lateQuorumExtension: 6n * HOUR, timelockDelay: 2n * DAY, gracePeriod: 3n * DAY, quorumBps: 6000n, supermajorityBps: 7500n };
    const bounds = { ...R.BOUNDS, imMultiplier: { min: dec('0.8'), max: dec('2') }, haircut: { min: 0n, max: dec('0.5') }, scanRangeStep: dec('0.3'), correlationStep: 0n };
    const r = await gov.proposeRules(rules, bounds);
    assert.equal(r.event.args.supermajority, true);
    for (const x of members) await gov.vote(r, x, Support.For);
    await gov.endVoting(r);
    await gov.queue(r);
    // Registered under the old rules.
    const before = await gov.proposeParams(R.withChange(genesisParams(), (x) => R.setAsset(x, 'BTC', 'scanRange', '0.2')));
    await gov.pastEta(r);
    const { events } = await gov.execute(r);
    const changed = eventsNamed(events, 'RulesChanged');
    assert.equal(changed.length, 1);
    assert.deepEqual(plain(changed[0].args), { rules, bounds });
    assert.deepEqual(eventsNamed(events, 'ProposalExecuted')[0].args.toArray(), [r.id, BigInt(Kind.Rules), 1n]);
    assert.deepEqual(plain(await registry.rules()), rules);
    assert.deepEqual(plain(await registry.bounds()), bounds);

    const old = await registry.proposal(before.id);
    assert.deepEqual([old.quorumBps, old.supermajorityBps, old.votingEnd - old.votingStart], [5000n, 6667n, 3n * DAY]);
    const after = await gov.proposeParams(R.withChange(genesisParams(), (x) => R.setAsset(x, 'BTC', 'scanRange', '0.2')), { salt: b32('after') });
    const nv = await registry.proposal(after.id);
    assert.deepEqual([nv.quorumBps, nv.supermajorityBps, nv.votingEnd - nv.votingStart], [6000n, 7500n, 2n * DAY]);
    // BTC 0.15 -> 0.2 is +33 %: within the old 50 % step, beyond the new 30 % one.
    assert.equal(old.supermajority, false);
    assert.equal(nv.supermajority, true);
    // The new hard bounds apply at propose.
    await expectRevert(gov.proposeParams(R.withChange(genesisParams(), (x) => { x.imMultiplier = dec('2.5'); })), 'HardBoundExceeded', [b32('imMultiplier'), ZeroHash, dec('2.5'), dec('0.8'), dec('2')]);
    // The new quorum (60 % of 10 = 6): For 5 is not enough.
    await gov.vote(after, w[1], Support.For);
    await gov.vote(after, w[2], Support.For);
    await gov.endVoting(after);
    await expectRevert(gov.reg().queue(after.id), 'QuorumNotReached', [after.id, 5n, 6n]);
  });
});
