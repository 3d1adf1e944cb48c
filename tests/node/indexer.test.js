'use strict';
// An indexer built from the registry's logs alone (getLogs from block 0 and the ABI; block headers for
// timestamps; no contract call) must agree with every view at the end of a busy scenario.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { ZeroAddress, ZeroHash, verifyTypedData, keccak256 } = require('ethers');
const { startChain } = require('./lib/chain');
const { standardRegistry } = require('./lib/fixture');
const R = require('./lib/registry');

const { Support, State, StateName, Kind, dec, b32, withChange, setAsset, genesisParams, expectedTally, plain, DAY, HOUR, BPS } = R;

/// Rebuilds the registry's state from its logs. `blockTime(n)` gives a block's timestamp; `now` the latest.
function buildIndex(logs, blockTime, now, domain) {
  const idx = {
    epoch: 0n,
    committees: new Map(), // epoch -> { members, weights, total }
    guardian: ZeroAddress,
    rules: null,
    bounds: null,
    proposals: new Map(), // id -> record
    versions: new Map(), // version -> { hash, proposalId, executedAt, log }
    currentVersion: 0n,
    anchors: new Map(),
  };
  const sorted = [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  for (const log of sorted) {
    const ev = R.registryIface.parseLog(log);
    assert.ok(ev, `unknown log ${log.topics[0]}`);
    const a = ev.args;
    const prop = () => {
      const p = idx.proposals.get(a.proposalId);
      assert.ok(p, `${ev.name} for an unknown proposal ${a.proposalId}`);
      return p;
    };
    const move = (p, state) => {
      p.stored = state;
      p.history.push(state);
    };
    switch (ev.name) {
      case 'CommitteeChanged': {
        const members = [...a.members];
        const weights = [...a.weights];
        idx.committees.set(a.epoch, { members, weights, total: weights.reduce((s, x) => s + x, 0n) });
        idx.epoch = a.epoch;
        break;
      }
      case 'GuardianChanged':
        assert.equal(a.previousGuardian, idx.guardian);
        idx.guardian = a.guardian;
        break;
      case 'RulesChanged': {
        const o = plain(a);
        idx.rules = o.rules;
        idx.bounds = o.bounds;
        break;
      }
      case 'ProposalCreated':
        idx.proposals.set(a.proposalId, {
          id: a.proposalId,
          kind: a.kind,
          ballotHash: a.ballotHash,
          payloadHash: a.payloadHash,
          baseVersion: a.baseVersion,
          epoch: a.epoch,
          votingStart: a.votingStart,
          votingEnd: a.votingEnd,
          supermajority: a.supermajority,
          proposer: a.proposer,
          // the rules in force when it was registered
          quorumBps: idx.rules.quorumBps,
          supermajorityBps: idx.rules.supermajorityBps,
          eta: 0n,
          executedVersion: 0n,
          forWeight: 0n,
          againstWeight: 0n,
          abstainWeight: 0n,
          votes: new Map(),
          stored: 'Active',
          history: ['Active'],
        });
        break;
      case 'VoteCast': {
        const p = prop();
        // The ballot is checkable from the log: the signature recovers to the voter over the EIP-712 ballot.
        const signer = verifyTypedData(domain, R.BALLOT_TYPES, { proposalId: p.id, paramsHash: p.ballotHash, support: a.support }, a.signature);
        assert.equal(signer, a.voter);
        const c = idx.committees.get(p.epoch);
        assert.equal(a.weight, c.weights[c.members.indexOf(a.voter)]);
        p[['againstWeight', 'forWeight', 'abstainWeight'][Number(a.support)]] += a.weight;
        p.votes.set(a.voter, Number(a.support));
        break;
      }
      case 'VotingExtended':
        prop().votingEnd = a.votingEnd;
        break;
      case 'ProposalQueued': {
        const p = prop();
        p.eta = a.eta;
        move(p, 'Queued');
        break;
      }
      case 'ProposalExecuted':
        move(prop(), 'Executed');
        break;
      case 'ParametersExecuted':
        idx.versions.set(a.version, { hash: a.paramsHash, proposalId: a.proposalId, executedAt: blockTime(log.blockNumber), log });
        idx.currentVersion = a.version;
        if (a.proposalId !== ZeroHash) prop().executedVersion = a.version;
        break;
      case 'ProposalVetoed':
        move(prop(), 'Vetoed');
        break;
      case 'ProposalCanceled':
        move(prop(), 'Canceled');
        break;
      case 'AuditAnchored':
        // (`entries` is also a method of ethers' Result: read the field by name with getValue.)
        idx.anchors.set(a.anchorer, { head: a.head, entries: a.getValue('entries'), anchoredAt: blockTime(log.blockNumber) });
        break;
      default:
        assert.fail(`unhandled event ${ev.name}`);
    }
  }
  // Tallies and computed states (Defeated / Succeeded / Expired) as of `now`, with the current grace period.
  for (const p of idx.proposals.values()) {
    p.tally = expectedTally({ ...p, totalWeight: idx.committees.get(p.epoch).total });
    let state = p.stored;
    if (state === 'Active' && now > p.votingEnd) {
      if (!p.tally.passes) state = 'Defeated';
      else if (now > p.votingEnd + idx.rules.gracePeriod) state = 'Expired';
      else state = 'Succeeded';
    }
    if (state === 'Queued' && now > p.eta + idx.rules.gracePeriod) state = 'Expired';
    p.state = state;
  }
  return idx;
}

describe('indexer from logs alone', { timeout: 180_000 }, () => {
  let chain;
  before(async () => {
    chain = await startChain();
  });
  after(async () => {
    await chain?.stop();
  });

  it('rebuilds committees, guardian, rules, bounds, proposals, tallies and versions equal to the views', async () => {
    const f = await standardRegistry(chain);
    const { gov, registry, w } = f;
    const change = (sym, v) => withChange(genesisParams(), (p) => setAsset(p, sym, 'scanRange', v));
    const names = new Map();
    const named = (name, p) => {
      names.set(p.id, name);
      return p;
    };

    // Day 0: four parameter proposals and a committee change.
    const p1 = named('P1', await gov.proposeParams(change('BTC', '0.2')));
    const m1 = named('M1', await gov.proposeMembership([w[1], w[2], w[3], w[5], w[6]].map((x) => x.address), [3n, 2n, 2n, 1n, 2n], w[6].address));
    const x1 = named('X1', await gov.proposeParams(change('ETH', '0.25')));
    const c1 = named('C1', await gov.proposeParams(change('SOL', '0.25')));
    const e1 = named('E1', await gov.proposeParams(change('BTC', '0.18')));
    await gov.vote(p1, w[1], Support.For);
    await gov.vote(p1, w[2], Support.For);
    await gov.vote(p1, w[3], Support.Against);
    for (const x of [w[1], w[2], w[3], w[4]]) await gov.vote(m1, x, Support.For);
    await gov.vote(m1, w[5], Support.Abstain);
    await gov.vote(x1, w[1], Support.For);
    await gov.vote(x1, w[4], Support.For);
    await gov.vote(c1, w[4], Support.For);
    await gov.vote(e1, w[1], Support.For);
    await gov.vote(e1, w[3], Support.For);
    await R.send(registry.connect(w[1]).anchorAudit(b32('head-1'), 10n));
    await R.send(registry.connect(w[1]).anchorAudit(b32('head-2'), 25n));
    await R.send(registry.connect(w[2]).anchorAudit(b32('other'), 3n));
    await R.send(registry.connect(f.guardian).cancel(c1.id));

    // Day 3: queue; day 4: execute P1 (version 2) and M1 (epoch 2, guardian w6); the new guardian vetoes X1.
    await gov.endVoting(e1);
    await gov.queue(p1);
    await gov.queue(m1);
    await gov.queue(x1);
    await gov.pastEta(x1);
    await gov.execute(p1);
    await gov.execute(m1);
    await R.send(registry.connect(w[6]).veto(x1.id));

    // Day 4: a rules change (epoch 2) and a proposal that will be defeated.
    const rules2 = { votingPeriod: 2n * DAY, lateQuorumExtension: 6n * HOUR, timelockDelay: 12n * HOUR, gracePeriod: 5n * DAY, quorumBps: 6000n, supermajorityBps: 7500n };
    const bounds2 = { ...R.BOUNDS, imMultiplier: { min: dec('0.6'), max: dec('2.5') }, correlationStep: dec('0.15') };
    const r1 = named('R1', await gov.proposeRules(rules2, bounds2));
    const d1 = named('D1', await gov.proposeParams(change('ETH', '0.22')));
    for (const x of [w[1], w[2], w[3], w[6]]) await gov.vote(r1, x, Support.For);
    await gov.vote(r1, w[5], Support.Against);
    await gov.vote(d1, w[5], Support.For);
    await gov.vote(d1, w[2], Support.Against);
    await gov.endVoting(r1);
    await gov.queue(r1);
    await gov.pastEta(r1);
    await gov.execute(r1);

    // Day 8: a parameter change under the new rules whose quorum arrives late (VotingExtended by 6 h).
    const p2 = named('P2', await gov.proposeParams(withChange(genesisParams(), (p) => {
      setAsset(p, 'BTC', 'scanRange', '0.22');
      p.imMultiplier = dec('1.1');
    })));
    assert.equal(p2.baseVersion, 2n);
    await gov.vote(p2, w[5], Support.For);
    await chain.mineAt((await gov.votingEnd(p2)) - HOUR);
    await gov.vote(p2, w[1], Support.For);
    const ext = await gov.vote(p2, w[2], Support.For); // 1 + 3 + 2 = 6 >= 60 % of 10
    assert.equal(R.eventsNamed(ext.events, 'VotingExtended').length, 1);
    await gov.vote(p2, w[6], Support.Abstain);
    await gov.endVoting(p2);
    await gov.queue(p2);
    await gov.pastEta(p2);
    await gov.execute(p2);
    const a1 = named('A1', await gov.proposeParams(change('SOL', '0.28')));
    await gov.vote(a1, w[3], Support.Against);

    // ------------------------------------------------------------ the indexer: logs only
    const logs = await chain.provider.getLogs({ address: f.address, fromBlock: 0, toBlock: 'latest' });
    const times = new Map();
    for (const n of new Set(logs.map((l) => l.blockNumber))) times.set(n, BigInt((await chain.provider.getBlock(n)).timestamp));
    const latest = await chain.provider.getBlock('latest');
    const idx = buildIndex(logs, (n) => times.get(n), BigInt(latest.timestamp), gov.domain);

    // What the scenario did, as the indexer sees it.
    const history = Object.fromEntries([...idx.proposals.values()].map((p) => [names.get(p.id), [...p.history, `=${p.state}`].join(' ')]));
    assert.deepEqual(history, {
      P1: 'Active Queued Executed =Executed',
      M1: 'Active Queued Executed =Executed',
      X1: 'Active Queued Vetoed =Vetoed',
      C1: 'Active Canceled =Canceled',
      E1: 'Active =Expired',
      R1: 'Active Queued Executed =Executed',
      D1: 'Active =Defeated',
      P2: 'Active Queued Executed =Executed',
      A1: 'Active =Active',
    });
    assert.equal(idx.epoch, 2n);
    assert.equal(idx.currentVersion, 3n);

    // ------------------------------------------------------------ against the views
    assert.equal(await registry.committeeEpoch(), idx.epoch);
    for (const [epoch, c] of idx.committees) {
      const [members, weights] = await registry.committeeAt(epoch);
      assert.deepEqual({ members: [...members], weights: [...weights] }, { members: c.members, weights: c.weights }, `committee ${epoch}`);
      assert.equal(await registry.totalWeightAt(epoch), c.total);
    }
    const [cm, cw] = await registry.committee();
    assert.deepEqual([[...cm], [...cw]], [idx.committees.get(idx.epoch).members, idx.committees.get(idx.epoch).weights]);
    assert.equal(await registry.guardian(), idx.guardian);
    assert.equal(idx.guardian, w[6].address);
    assert.deepEqual(plain(await registry.rules()), idx.rules);
    assert.deepEqual(plain(await registry.bounds()), idx.bounds);
    assert.deepEqual(idx.rules, rules2);
    assert.deepEqual(idx.bounds, bounds2);

    for (const p of idx.proposals.values()) {
      const name = names.get(p.id);
      const view = plain(await registry.proposal(p.id));
      assert.deepEqual(view, {
        kind: p.kind,
        state: BigInt(State[p.state]),
        supermajority: p.supermajority,
        ballotHash: p.ballotHash,
        payloadHash: p.payloadHash,
        baseVersion: p.baseVersion,
        epoch: p.epoch,
        votingStart: p.votingStart,
        votingEnd: p.votingEnd,
        eta: p.eta,
        executedVersion: p.executedVersion,
        quorumBps: p.quorumBps,
        supermajorityBps: p.supermajorityBps,
      }, `proposal ${name} (${StateName[Number(view.state)]})`);
      assert.deepEqual(plain(await registry.tally(p.id)), p.tally, `tally ${name}`);
      for (const m of w.slice(1, 8)) {
        const support = p.votes.get(m.address);
        assert.equal(await registry.votedPlusOne(p.id, m.address), support === undefined ? 0n : BigInt(support + 1), `vote of ${m.address} on ${name}`);
      }
    }
    assert.equal(idx.proposals.get(p2.id).quorumBps, 6000n);
    assert.equal(idx.proposals.get(d1.id).quorumBps, 5000n);

    assert.equal(await registry.currentVersion(), idx.currentVersion);
    for (const [v, rec] of idx.versions) {
      assert.deepEqual([...(await registry.versionInfo(v))], [rec.hash, rec.proposalId, rec.executedAt], `version ${v}`);
      assert.equal(await registry.paramsHash(v), rec.hash);
    }
    for (const [who, anchor] of idx.anchors) {
      assert.deepEqual([...(await registry.auditAnchor(who))], [anchor.head, anchor.entries, anchor.anchoredAt]);
    }
    assert.deepEqual(idx.anchors.get(w[1].address).entries, 25n);

    // ------------------------------------------------------------ parameter values
    // The logs carry each version's hash, not its values; those are in the calldata of the transaction
    // that emitted ParametersExecuted (the constructor for version 1, execute for the others).
    for (const [v, rec] of idx.versions) {
      const tx = await chain.provider.getTransaction(rec.log.transactionHash);
      let payload;
      if (tx.to === null) {
        const args = R.registryIface.deploy.inputs;
        const encodedArgs = '0x' + tx.data.slice(R.registryArtifact.bytecode.length);
        payload = R.coder.decode(args, encodedArgs)[5];
        assert.equal(v, 1n);
      } else {
        const call = R.registryIface.parseTransaction({ data: tx.data });
        assert.equal(call.name, 'execute');
        assert.equal(call.args.proposalId, rec.proposalId);
        payload = call.args.payload;
        assert.equal(keccak256(payload), idx.proposals.get(rec.proposalId).payloadHash);
      }
      const values = R.decodeParams(payload).toObject(true);
      assert.deepEqual(plain(await registry.parameters(v)), values, `values of version ${v}`);
    }
    assert.equal((await registry.globalParameters()).imMultiplier, dec('1.1'));
  });
});
