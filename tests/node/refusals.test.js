'use strict';
// What the registry refuses, each refusal decoded from the revert data by its custom error name and arguments.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { ZeroHash, Signature, verifyTypedData, concat, keccak256 } = require('ethers');
const { startChain } = require('./lib/chain');
const { standardRegistry, equalRegistry } = require('./lib/fixture');
const R = require('./lib/registry');

const { Support, State, dec, b32, expectRevert, withChange, setAsset, genesisParams, expectedTally, plain } = R;

/// Ballot for a proposal within the step bounds (no supermajority).
const withinBounds = () => withChange(genesisParams(), (p) => setAsset(p, 'BTC', 'scanRange', '0.2'));
/// BTC scanRange 0.15 -> 0.30: +100 %, beyond the 50 % step bound, so the supermajority applies.
const beyondStep = () => withChange(genesisParams(), (p) => setAsset(p, 'BTC', 'scanRange', '0.30'));

describe('refusals', { timeout: 180_000 }, () => {
  let chain;
  before(async () => {
    chain = await startChain();
  });
  after(async () => {
    await chain?.stop();
  });

  it('queue before the voting end is VotingNotEnded, even with every ballot For', async () => {
    const { gov, registry, members } = await standardRegistry(chain);
    const p = await gov.proposeParams(withinBounds());
    for (const m of members) await gov.vote(p, m, Support.For);
    const view = await registry.proposal(p.id);
    assert.equal(view.state, BigInt(State.Active));
    assert.equal((await registry.tally(p.id)).passes, true);
    const before = await chain.latestTimestamp();
    const err = await expectRevert(gov.reg().queue(p.id), 'VotingNotEnded');
    assert.equal(err.args.proposalId, p.id);
    assert.equal(err.args.votingEnd, view.votingEnd);
    assert.ok(err.args.timestamp >= before && err.args.timestamp <= view.votingEnd, 'reported timestamp is before the end');
    // Positive control: once voting has ended the same proposal queues.
    await gov.endVoting(p);
    const { events } = await gov.queue(p);
    assert.equal(R.eventsNamed(events, 'ProposalQueued').length, 1);
  });

  it('no quorum is QuorumNotReached (For + Abstain below ceil(total * quorumBps / 10000))', async () => {
    const { gov, w } = await standardRegistry(chain);
    const p = await gov.proposeParams(withinBounds());
    await gov.vote(p, w[5], Support.For); // 1
    await gov.vote(p, w[4], Support.Abstain); // 2
    await gov.vote(p, w[3], Support.Against); // 2, does not count toward the quorum
    await gov.endVoting(p);
    await expectRevert(gov.reg().queue(p.id), 'QuorumNotReached', [p.id, 3n, 5n]);
    assert.equal((await gov.registry.proposal(p.id)).state, BigInt(State.Defeated));
  });

  it('For not above Against is MajorityNotReached', async () => {
    const { gov, w } = await standardRegistry(chain);
    const p = await gov.proposeParams(withinBounds());
    assert.equal((await gov.registry.proposal(p.id)).supermajority, false);
    await gov.vote(p, w[1], Support.For); // 3
    await gov.vote(p, w[5], Support.For); // 1 -> For 4
    await gov.vote(p, w[2], Support.Against);
    await gov.vote(p, w[3], Support.Against); // Against 4
    await gov.vote(p, w[4], Support.Abstain); // quorum 6 >= 5
    await gov.endVoting(p);
    await expectRevert(gov.reg().queue(p.id), 'MajorityNotReached', [p.id, 4n, 4n]);
  });

  it('a majority short of the supermajority is SupermajorityNotReached', async () => {
    const { gov, w, registry } = await standardRegistry(chain);
    const p = await gov.proposeParams(beyondStep());
    assert.equal((await registry.proposal(p.id)).supermajority, true);
    await gov.vote(p, w[1], Support.For);
    await gov.vote(p, w[2], Support.For); // For 5
    await gov.vote(p, w[3], Support.Against);
    await gov.vote(p, w[4], Support.Against); // Against 4
    await gov.vote(p, w[5], Support.Abstain);
    const t = plain(await registry.tally(p.id));
    // smallest For with For * 10000 >= 6667 * (For + 4) is 9
    assert.equal(t.majorityReached, false);
    assert.equal(t.forNeeded, 4n);
    await gov.endVoting(p);
    await expectRevert(gov.reg().queue(p.id), 'SupermajorityNotReached', [p.id, 5n, 9n]);
  });

  it('replay of the reported case: 10 equal members, step bound exceeded, 6 For / 4 Against is refused', async () => {
    const { gov, registry, members } = await equalRegistry(chain);
    const p = await gov.proposeParams(beyondStep());
    const view = await registry.proposal(p.id);
    assert.equal(view.supermajority, true, 'BTC scanRange 0.15 -> 0.30 (+100 % > 50 %) needs the supermajority');
    assert.equal(view.supermajorityBps, 6667n);
    for (const m of members.slice(0, 6)) await gov.vote(p, m, Support.For);
    for (const m of members.slice(6)) await gov.vote(p, m, Support.Against);
    const t = plain(await registry.tally(p.id));
    const expected = expectedTally({
      forWeight: 6n, againstWeight: 4n, abstainWeight: 0n, totalWeight: 10n, quorumBps: 5000n, supermajority: true, supermajorityBps: 6667n,
    });
    assert.deepEqual(t, expected);
    // ceil(6667 * 4 / 3333) = 9 For needed: 3 more than the 6 cast.
    const forRequired = (6667n * 4n + 3333n - 1n) / 3333n;
    assert.equal(forRequired, 9n);
    assert.equal(t.forNeeded, forRequired - 6n);
    assert.equal(t.quorumReached, true);
    assert.equal(t.majorityReached, false);
    assert.equal(t.passes, false);
    await gov.endVoting(p);
    assert.equal((await registry.proposal(p.id)).state, BigInt(State.Defeated));
    await expectRevert(gov.reg().queue(p.id), 'SupermajorityNotReached', [p.id, 6n, 9n]);
    await expectRevert(gov.reg().execute(p.id, p.payload), 'ProposalNotQueued', [p.id, BigInt(State.Defeated)]);
    assert.equal(await registry.currentVersion(), 1n);
  });

  it('the same 6 For / 4 Against on a change within the step bounds is queued', async () => {
    const { gov, registry, members } = await equalRegistry(chain);
    const p = await gov.proposeParams(withinBounds());
    assert.equal((await registry.proposal(p.id)).supermajority, false);
    for (const m of members.slice(0, 6)) await gov.vote(p, m, Support.For);
    for (const m of members.slice(6)) await gov.vote(p, m, Support.Against);
    const t = plain(await registry.tally(p.id));
    assert.equal(t.passes, true);
    assert.equal(t.forNeeded, 0n);
    await gov.endVoting(p);
    assert.equal((await registry.proposal(p.id)).state, BigInt(State.Succeeded));
    const { events } = await gov.queue(p);
    assert.equal(R.eventsNamed(events, 'ProposalQueued').length, 1);
    assert.equal((await registry.proposal(p.id)).state, BigInt(State.Queued));
  });

  it('a ballot from outside the proposal committee epoch is NotInCommittee', async () => {
    const { gov, registry, w, outsider } = await standardRegistry(chain);
    const early = await gov.proposeParams(withinBounds());
    await expectRevert(gov.vote(early, outsider, Support.For), 'NotInCommittee', [early.id, 1n, outsider.address]);

    // Committee change: account 4 leaves, account 6 joins (weights 3,2,2,1,2).
    const m = await gov.proposeMembership([w[1], w[2], w[3], w[5], w[6]].map((x) => x.address), [3n, 2n, 2n, 1n, 2n], w[5].address);
    for (const x of [w[1], w[2], w[3], w[4]]) await gov.vote(m, x, Support.For);
    await gov.endVoting(m);
    await gov.queue(m);
    // Registered under epoch 1, before the change takes effect.
    const before = await gov.proposeParams(withChange(genesisParams(), (p) => setAsset(p, 'ETH', 'scanRange', '0.25')));
    await gov.pastEta(m);
    await gov.execute(m);
    assert.equal(await registry.committeeEpoch(), 2n);
    assert.equal((await registry.proposal(before.id)).epoch, 1n);
    assert.equal((await registry.proposal(before.id)).state, BigInt(State.Active), 'still voting');

    // The newcomer cannot vote on a proposal registered before the change...
    await expectRevert(gov.vote(before, w[6], Support.For), 'NotInCommittee', [before.id, 1n, w[6].address]);
    // ...while the member who left still can (the epoch of the proposal governs).
    const { events } = await gov.vote(before, w[4], Support.For);
    assert.equal(R.eventsNamed(events, 'VoteCast')[0].args.weight, 2n);

    // And on a proposal registered after the change it is the other way round.
    const after = await gov.proposeParams(withChange(genesisParams(), (p) => setAsset(p, 'SOL', 'scanRange', '0.25')));
    assert.equal((await registry.proposal(after.id)).epoch, 2n);
    await expectRevert(gov.vote(after, w[4], Support.For), 'NotInCommittee', [after.id, 2n, w[4].address]);
    const ok = await gov.vote(after, w[6], Support.Against);
    assert.equal(R.eventsNamed(ok.events, 'VoteCast')[0].args.weight, 2n);
  });

  it('a forged ballot (signed by someone else) is SignatureMismatch; a second ballot is AlreadyVoted', async () => {
    const { gov, w, outsider } = await standardRegistry(chain);
    const p = await gov.proposeParams(withinBounds());
    const forged = await gov.sign(outsider, p, Support.For);
    await expectRevert(gov.reg().castVote(p.id, w[1].address, Support.For, forged), 'SignatureMismatch', [w[1].address, outsider.address]);
    // A member's signature relayed under another member's address.
    const other = await gov.sign(w[2], p, Support.For);
    await expectRevert(gov.reg().castVote(p.id, w[1].address, Support.For, other), 'SignatureMismatch', [w[1].address, w[2].address]);

    await gov.vote(p, w[1], Support.For);
    await expectRevert(gov.vote(p, w[1], Support.For), 'AlreadyVoted', [p.id, w[1].address]);
    await expectRevert(gov.vote(p, w[1], Support.Against), 'AlreadyVoted', [p.id, w[1].address]);
    assert.equal((await gov.registry.tally(p.id)).forWeight, 3n);
    // Support outside 0..2.
    const bad = await R.signBallot(w[2], gov.domain, p.id, p.ballotHash, 3);
    await expectRevert(gov.reg().castVote(p.id, w[2].address, 3, bad), 'InvalidSupport', [3n]);
  });

  it('a valid signature replayed onto another proposal or another support is SignatureMismatch', async () => {
    const { gov, w } = await standardRegistry(chain);
    const a = await gov.proposeParams(withinBounds());
    const b = await gov.proposeParams(withinBounds()); // same payload, another salt: another id
    assert.notEqual(a.id, b.id);
    const sig = await gov.sign(w[1], a, Support.For);
    const recoveredOnB = verifyTypedData(gov.domain, R.BALLOT_TYPES, { proposalId: b.id, paramsHash: b.ballotHash, support: Support.For }, sig);
    assert.notEqual(recoveredOnB, w[1].address);
    await expectRevert(gov.reg().castVote(b.id, w[1].address, Support.For, sig), 'SignatureMismatch', [w[1].address, recoveredOnB]);
    const recoveredAgainst = verifyTypedData(gov.domain, R.BALLOT_TYPES, { proposalId: a.id, paramsHash: a.ballotHash, support: Support.Against }, sig);
    await expectRevert(gov.reg().castVote(a.id, w[1].address, Support.Against, sig), 'SignatureMismatch', [w[1].address, recoveredAgainst]);
    // The signature is good where it was meant.
    await R.send(gov.reg().castVote(a.id, w[1].address, Support.For, sig));
  });

  it('a high-s signature is SignatureHighS; a wrong length is InvalidSignatureLength; a bad v is InvalidSignature', async () => {
    const { gov, w } = await standardRegistry(chain);
    const p = await gov.proposeParams(withinBounds());
    const sig = await gov.sign(w[1], p, Support.For);
    const malleable = R.highS(sig);
    assert.notEqual(malleable, sig);
    assert.ok(BigInt('0x' + malleable.slice(66, 130)) > R.SECP256K1_N / 2n);
    await expectRevert(gov.reg().castVote(p.id, w[1].address, Support.For, malleable), 'SignatureHighS', []);
    const compact = Signature.from(sig).compactSerialized; // EIP-2098, 64 bytes
    await expectRevert(gov.reg().castVote(p.id, w[1].address, Support.For, compact), 'InvalidSignatureLength', [64n]);
    await expectRevert(gov.reg().castVote(p.id, w[1].address, Support.For, concat([sig, '0x00'])), 'InvalidSignatureLength', [66n]);
    await expectRevert(gov.reg().castVote(p.id, w[1].address, Support.For, '0x'), 'InvalidSignatureLength', [0n]);
    const badV = sig.slice(0, 130) + '1d'; // v = 29
    await expectRevert(gov.reg().castVote(p.id, w[1].address, Support.For, badV), 'InvalidSignature', []);
    // v given as 0/1 is accepted (normalised to 27/28).
    const v01 = sig.slice(0, 130) + (Signature.from(sig).v - 27).toString(16).padStart(2, '0');
    await R.send(gov.reg().castVote(p.id, w[1].address, Support.For, v01));
  });

  it('a ballot signed for another chain id or another registry is SignatureMismatch', async () => {
    const first = await standardRegistry(chain);
    const second = await standardRegistry(chain);
    const { w } = first;
    // The same proposal (same kind, hashes, base and salt) has the same id on both registries.
    const salt = R.b32('same-salt');
    const pa = await first.gov.proposeParams(withinBounds(), { salt });
    const pb = await second.gov.proposeParams(withinBounds(), { salt });
    assert.equal(pa.id, pb.id);

    const otherChain = R.domainOf(1n, first.address);
    const sigChain = await R.signBallot(w[1], otherChain, pa.id, pa.ballotHash, Support.For);
    const recChain = verifyTypedData(first.gov.domain, R.BALLOT_TYPES, { proposalId: pa.id, paramsHash: pa.ballotHash, support: Support.For }, sigChain);
    await expectRevert(first.gov.reg().castVote(pa.id, w[1].address, Support.For, sigChain), 'SignatureMismatch', [w[1].address, recChain]);

    const sigOther = await R.signBallot(w[1], second.gov.domain, pb.id, pb.ballotHash, Support.For);
    const recOther = verifyTypedData(first.gov.domain, R.BALLOT_TYPES, { proposalId: pa.id, paramsHash: pa.ballotHash, support: Support.For }, sigOther);
    await expectRevert(first.gov.reg().castVote(pa.id, w[1].address, Support.For, sigOther), 'SignatureMismatch', [w[1].address, recOther]);
    // The ballot counts on the registry it was signed for.
    await R.send(second.gov.reg().castVote(pb.id, w[1].address, Support.For, sigOther));
    assert.equal((await second.registry.tally(pb.id)).forWeight, 3n);
    assert.equal((await first.registry.tally(pa.id)).forWeight, 0n);
  });

  it('a parameter proposal on a stale base: StaleBase at queue and execute; anyone cancels it; NotGuardian on a fresh one', async () => {
    const { gov, registry, w, guardian } = await standardRegistry(chain);
    const a = await gov.proposeParams(withChange(genesisParams(), (p) => setAsset(p, 'BTC', 'scanRange', '0.2')));
    const b = await gov.proposeParams(withChange(genesisParams(), (p) => setAsset(p, 'ETH', 'scanRange', '0.25')));
    const c = await gov.proposeParams(withChange(genesisParams(), (p) => setAsset(p, 'SOL', 'scanRange', '0.25')));
    for (const p of [a, b, c]) {
      assert.equal(p.baseVersion, 1n);
      await gov.vote(p, w[1], Support.For);
      await gov.vote(p, w[2], Support.For);
    }
    await gov.endVoting(c); // c ends last
    await gov.queue(a);
    await gov.queue(b);
    await gov.pastEta(b);
    const { events } = await gov.execute(a);
    assert.equal(R.eventsNamed(events, 'ParametersExecuted')[0].args.version, 2n);
    assert.equal(await registry.currentVersion(), 2n);

    await expectRevert(gov.reg().execute(b.id, b.payload), 'StaleBase', [b.id, 1n, 2n]);
    await expectRevert(gov.reg().queue(c.id), 'StaleBase', [c.id, 1n, 2n]);

    // Anyone may cancel a stale parameter proposal, queued or not.
    const anyone = w[12];
    const cb = await R.send(gov.reg(anyone).cancel(b.id));
    assert.deepEqual(R.eventsNamed(cb.events, 'ProposalCanceled')[0].args.toArray(), [b.id, anyone.address]);
    await R.send(gov.reg(w[13]).cancel(c.id));
    assert.equal((await registry.proposal(b.id)).state, BigInt(State.Canceled));
    assert.equal((await registry.proposal(c.id)).state, BigInt(State.Canceled));
    await expectRevert(gov.reg(anyone).cancel(b.id), 'CannotCancel', [b.id, BigInt(State.Canceled), anyone.address]);
    await expectRevert(gov.reg(anyone).cancel(a.id), 'CannotCancel', [a.id, BigInt(State.Executed), anyone.address]);

    // A fresh one (base 2): only the guardian cancels.
    const d = await gov.proposeParams(withChange(genesisParams(), (p) => setAsset(p, 'BTC', 'scanRange', '0.21')));
    assert.equal(d.baseVersion, 2n);
    await expectRevert(gov.reg(anyone).cancel(d.id), 'NotGuardian', [anyone.address]);
    await expectRevert(gov.reg(w[1]).cancel(d.id), 'NotGuardian', [w[1].address]);
    await R.send(gov.reg(guardian).cancel(d.id));
    assert.equal((await registry.proposal(d.id)).state, BigInt(State.Canceled));
    // Proposing on the old base is refused outright.
    await expectRevert(gov.proposeParams(genesisParams(), { baseVersion: 1n }), 'InvalidBaseVersion', [1n, 2n]);
  });

  it('a value outside a hard bound is HardBoundExceeded naming the field and the symbol', async () => {
    const { gov, registry } = await standardRegistry(chain);
    const cases = [
      [withChange(genesisParams(), (p) => { p.imMultiplier = dec('3.5'); }), ['imMultiplier', ZeroHash, '3.5', '0.5', '3']],
      [withChange(genesisParams(), (p) => { p.mmRatio = dec('0.2'); }), ['mmRatio', ZeroHash, '0.2', '0.3', '0.95']],
      [withChange(genesisParams(), (p) => setAsset(p, 'ETH', 'haircut', '0.95')), ['haircut', b32('ETH'), '0.95', '0', '0.9']],
      [withChange(genesisParams(), (p) => setAsset(p, 'SOL', 'scanRange', '0.005')), ['scanRange', b32('SOL'), '0.005', '0.01', '1']],
    ];
    for (const [params, [field, symbol, value, min, max]] of cases) {
      const args = [b32(field), symbol, dec(value), dec(min), dec(max)];
      const payload = R.encodeParams(params);
      await expectRevert(registry.checkProposal(R.Kind.Parameters, R.paramsBallotHash(params), payload, 1n), 'HardBoundExceeded', args);
      await expectRevert(gov.proposeParams(params), 'HardBoundExceeded', args);
    }
    // Library validation comes first: an invalid set names the field.
    const invalid = withChange(genesisParams(), (p) => { p.method = b32('magic'); });
    await expectRevert(gov.proposeParams(invalid), 'InvalidParameter', [b32('method')]);
  });

  it('an invalid rules payload is InvalidRule / InvalidBound naming the field', async () => {
    const { gov, registry } = await standardRegistry(chain);
    const rules = (change) => ({ ...R.RULES, ...change });
    const ruleCases = [
      [{ quorumBps: 0n }, 'quorumBps'],
      [{ quorumBps: 10_001n }, 'quorumBps'],
      [{ supermajorityBps: 5000n }, 'supermajorityBps'],
      [{ votingPeriod: 0n }, 'votingPeriod'],
      [{ lateQuorumExtension: 4n * R.DAY }, 'lateQuorumExtension'],
      [{ gracePeriod: 0n }, 'gracePeriod'],
      [{ timelockDelay: 366n * R.DAY }, 'timelockDelay'],
    ];
    for (const [change, field] of ruleCases) {
      const payload = R.encodeRules(rules(change), R.BOUNDS);
      await expectRevert(registry.checkProposal(R.Kind.Rules, keccak256(payload), payload, 0n), 'InvalidRule', [b32(field)]);
      await expectRevert(gov.proposeRules(rules(change), R.BOUNDS), 'InvalidRule', [b32(field)]);
    }
    const badLimit = { ...R.BOUNDS, scanRange: { min: dec('0.5'), max: dec('0.4') } };
    await expectRevert(gov.proposeRules(R.RULES, badLimit), 'InvalidBound', [b32('scanRange')]);
    const badStep = { ...R.BOUNDS, haircutStep: -1n };
    await expectRevert(gov.proposeRules(R.RULES, badStep), 'InvalidBound', [b32('haircutStep')]);
    // The ballot hash of a rules change must be keccak256(payload).
    const payload = R.encodeRules(R.RULES, R.BOUNDS);
    await expectRevert(gov.propose(R.Kind.Rules, payload, { ballotHash: R.b32('x') }), 'BallotHashMismatch', [R.b32('x'), keccak256(payload)]);
    await expectRevert(gov.propose(R.Kind.Rules, payload, { baseVersion: 1n }), 'InvalidBaseVersion', [1n, 0n]);
  });

  it('execute: TimelockNotElapsed before the eta, PayloadMismatch, ProposalExpired after the grace; veto by a non-guardian is NotGuardian', async () => {
    const { gov, registry, w, guardian } = await standardRegistry(chain);
    const p = await gov.proposeParams(withinBounds());
    await gov.vote(p, w[1], Support.For);
    await gov.vote(p, w[2], Support.For);
    await gov.endVoting(p);
    await gov.queue(p);
    const { eta, payloadHash } = await registry.proposal(p.id);
    const early = await expectRevert(gov.reg().execute(p.id, p.payload), 'TimelockNotElapsed');
    assert.equal(early.args.proposalId, p.id);
    assert.equal(early.args.eta, eta);
    assert.ok(early.args.timestamp < eta);
    await expectRevert(gov.reg(w[1]).veto(p.id), 'NotGuardian', [w[1].address]);
    await expectRevert(gov.reg(w[12]).veto(p.id), 'NotGuardian', [w[12].address]);

    await gov.pastEta(p);
    const otherPayload = R.encodeParams(genesisParams());
    await expectRevert(gov.reg().execute(p.id, otherPayload), 'PayloadMismatch', [p.id, payloadHash]);

    const deadline = eta + R.RULES.gracePeriod;
    await chain.mineAt(deadline + 1n);
    assert.equal((await registry.proposal(p.id)).state, BigInt(State.Expired));
    const late = await expectRevert(gov.reg().execute(p.id, p.payload), 'ProposalExpired');
    assert.equal(late.args.proposalId, p.id);
    assert.equal(late.args.deadline, deadline);
    assert.ok(late.args.timestamp > deadline);
    // The guardian cannot veto an expired proposal either.
    await expectRevert(gov.reg(guardian).veto(p.id), 'ProposalNotQueued', [p.id, BigInt(State.Expired)]);
    assert.equal(await registry.currentVersion(), 1n);
  });

  it('queue after the grace period is ProposalExpired', async () => {
    const { gov, registry, w } = await standardRegistry(chain);
    const p = await gov.proposeParams(withinBounds());
    await gov.vote(p, w[1], Support.For);
    await gov.vote(p, w[2], Support.For);
    const { votingEnd } = await registry.proposal(p.id);
    const deadline = votingEnd + R.RULES.gracePeriod;
    await chain.mineAt(deadline + 1n);
    assert.equal((await registry.proposal(p.id)).state, BigInt(State.Expired));
    const err = await expectRevert(gov.reg().queue(p.id), 'ProposalExpired');
    assert.deepEqual(err.args.toArray().slice(0, 2), [p.id, deadline]);
    // Voting is closed too.
    await expectRevert(gov.vote(p, w[3], Support.For), 'VotingClosed');
  });

  it('an audit anchor with fewer entries, or the same count with another head (a rewritten log), is AnchorRegressed', async () => {
    const { registry, w } = await standardRegistry(chain);
    const anchorer = registry.connect(w[1]);
    await R.send(anchorer.anchorAudit(b32('head-10'), 10n));
    await expectRevert(anchorer.anchorAudit(b32('head-9'), 9n), 'AnchorRegressed', [9n, 10n]);
    await expectRevert(anchorer.anchorAudit(b32('rewritten-10'), 10n), 'AnchorRegressed', [10n, 10n]);
    // The same head again changes nothing but is accepted; more entries move the anchor on.
    await R.send(anchorer.anchorAudit(b32('head-10'), 10n));
    await R.send(anchorer.anchorAudit(b32('head-12'), 12n));
    const [head, entries] = await registry.auditAnchor(w[1].address);
    assert.equal(head, b32('head-12'));
    assert.equal(entries, 12n);
  });
});
